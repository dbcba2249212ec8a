package cn.ledger.query.unit;

import cn.ledger.contract.InterviewKind;
import cn.ledger.security.web.NotFound;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/interviews")
@Tag(name = "interviews", description = "Interview (谈话) counts")
public class InterviewCountController {

    private final JdbcTemplate jdbc;
    private final UnitTree units;
    private final cn.ledger.query.history.AnswerBasis basis;
    private final Names names;

    public InterviewCountController(JdbcTemplate jdbc, UnitTree units, cn.ledger.query.history.AnswerBasis basis,
            Names names) {
        this.names = names;
        this.jdbc = jdbc;
        this.units = units;
        this.basis = basis;
    }

    /** How to break a range down: by calendar month (2023-09), quarter (2023-Q3) or year (2023). */
    public enum Per { MONTH, QUARTER, YEAR }

    public record PeriodCounts(String period, long total, Map<InterviewKind, Long> byKind) {}

    public record InterviewCounts(String cadreId, String unitId, LocalDate from, LocalDate to, long total,
            Map<InterviewKind, Long> byKind, Per per, List<PeriodCounts> periods,
            cn.ledger.projection.Completeness completeness, String cadreName, String unitName) {}

    @GetMapping("/counts")
    @Operation(summary = "Interviews per kind for a cadre, or for a unit and every unit below it, in a date range; "
            + "with per=MONTH|QUARTER|YEAR also broken down by period. Revoked interviews do not count.")
    public InterviewCounts counts(@RequestParam(required = false) String cadreId,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Per per) {
        RequestParams.id("cadreId", cadreId);
        RequestParams.id("unitId", unitId);
        RequestParams.date("from", from);
        RequestParams.date("to", to);
        String period = switch (per == null ? Per.YEAR : per) {
            case MONTH -> "to_char(effective_date, 'YYYY-MM')";
            case QUARTER -> "to_char(effective_date, 'YYYY-\"Q\"Q')";
            case YEAR -> "to_char(effective_date, 'YYYY')";
        };
        StringBuilder sql = new StringBuilder("SELECT " + period + " AS period, kind, COUNT(*) AS n FROM interview"
                + " WHERE effective_date BETWEEN ? AND ?"
                + " AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.record_id = interview.interview_id)");
        List<Object> args = new ArrayList<>();
        args.add(from == null ? LocalDate.of(1900, 1, 1) : from);
        args.add(to == null ? LocalDate.of(9999, 12, 31) : to);
        if (cadreId != null) {
            Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM cadre WHERE cadre_id = ?)",
                    Boolean.class, cadreId);
            if (!Boolean.TRUE.equals(exists)) {
                throw new NotFound("No cadre " + cadreId + " in the ledger");
            }
            sql.append(" AND cadre_id = ?");
            args.add(cadreId);
        }
        if (unitId != null) {
            units.requireUnit(unitId);
            sql.append(" AND unit_id IN (").append(UnitTree.SUBTREE).append(")");
            args.add(unitId);
        }
        sql.append(" GROUP BY period, kind ORDER BY period");
        Map<InterviewKind, Long> byKind = zero();
        Map<String, Map<InterviewKind, Long>> byPeriod = new TreeMap<>();
        jdbc.query(sql.toString(), rs -> {
            InterviewKind kind = InterviewKind.valueOf(rs.getString("kind"));
            byKind.merge(kind, rs.getLong("n"), Long::sum);
            byPeriod.computeIfAbsent(rs.getString("period"), k -> zero()).put(kind, rs.getLong("n"));
        }, args.toArray());
        List<PeriodCounts> periods = per == null ? List.of() : byPeriod.entrySet().stream()
                .map(e -> new PeriodCounts(e.getKey(), sum(e.getValue()), e.getValue())).toList();
        cn.ledger.projection.Completeness completeness = cadreId != null && unitId == null
                ? basis.ofStreams(List.of(cadreId))
                : unitId != null ? basis.ofUnitSubtreeAndCadres(unitId) : basis.ofAll();
        if (cadreId != null && unitId != null) {
            completeness = cn.ledger.projection.Completeness.of(completeness.missing().stream()
                    .filter(m -> m.streamId().equals(cadreId)).toList());
        }
        return new InterviewCounts(cadreId, unitId, from, to, sum(byKind), byKind, per, periods, completeness,
                cadreId == null ? null : names.cadres(List.of(cadreId)).get(cadreId),
                unitId == null ? null : names.unit(unitId));
    }

    private static Map<InterviewKind, Long> zero() {
        Map<InterviewKind, Long> counts = new EnumMap<>(InterviewKind.class);
        for (InterviewKind kind : InterviewKind.values()) {
            counts.put(kind, 0L);
        }
        return counts;
    }

    private static long sum(Map<InterviewKind, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
