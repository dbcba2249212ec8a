package cn.ledger.ranking.assignment;

import cn.ledger.ranking.RankingProperties;
import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/assignments")
@Tag(name = "assignments", description = "Assignment completion (交办事项销号)")
public class CompletionController {

    private final JdbcTemplate jdbc;
    private final RankingProperties properties;
    private final cn.ledger.ranking.UnitCompleteness completeness;
    private final cn.ledger.ranking.web.ReadScope scope;

    public CompletionController(JdbcTemplate jdbc, RankingProperties properties,
            cn.ledger.ranking.UnitCompleteness completeness, cn.ledger.ranking.web.ReadScope scope) {
        this.scope = scope;
        this.jdbc = jdbc;
        this.properties = properties;
        this.completeness = completeness;
    }

    /** Counts for a set of assignments; {@code completionRate} = completed / issued. */
    public record Counts(int issued, int completedOnTime, int completedLate, int open, int overdue,
            BigDecimal completionRate, BigDecimal onTimeRate) {}

    public record UnitCounts(String unitId, String unitName, Counts counts) {}

    public record PeriodCounts(String period, Counts counts) {}

    public record Completion(LocalDate from, LocalDate to, LocalDate asOf, String unitId, Counts total,
            List<UnitCounts> perUnit, List<PeriodCounts> perWeek, List<PeriodCounts> perMonth,
            cn.ledger.projection.Completeness completeness) {}

    private record Row(String unitId, String unitName, LocalDate issuedOn, LocalDate due, LocalDate completed) {}

    @GetMapping("/completion")
    @Operation(summary = "Assignments issued in [from, to] (weekly 周交办 and responsibility lists 责任清单): issued, "
            + "completed on time, completed late, open (not yet due), overdue, and the rate — in total, per unit, "
            + "per ISO week and per month of issue. With unitId: that unit and every unit below it. Completions "
            + "after asOf (default today) count as not done. Only the units in the caller's scope.")
    public Completion completion(@RequestParam String from, @RequestParam String to,
            @Parameter(description = "a unit; its whole subtree is counted") @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String asOf) {
        RequestParams.id("unitId", unitId);
        scope.require("unitId", unitId);
        cn.ledger.ranking.web.ReadScope.Visible visible = scope.visible();
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        LocalDate at = asOf == null ? LocalDate.now(properties.zone()) : date("asOf", asOf);
        if (t.isBefore(f)) {
            throw new BadParameter("to", "must not be before from");
        }
        List<Row> rows = jdbc.query("""
                WITH RECURSIVE subtree AS (
                    SELECT unit_id FROM unit WHERE unit_id = ?
                    UNION SELECT u.unit_id FROM unit u JOIN subtree s ON u.parent_unit_id = s.unit_id)
                SELECT a.unit_id, COALESCE(u.name, a.unit_id) AS name, a.issued_on, a.due_date, a.completed_on
                  FROM assignment a LEFT JOIN unit u ON u.unit_id = a.unit_id
                 WHERE a.issued_on BETWEEN ? AND ? AND NOT a.revoked
                   AND (CAST(? AS VARCHAR) IS NULL OR a.unit_id IN (SELECT unit_id FROM subtree))""",
                (rs, i) -> new Row(rs.getString("unit_id"), rs.getString("name"),
                        rs.getObject("issued_on", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                        rs.getObject("completed_on", LocalDate.class)),
                unitId, f, t, unitId).stream().filter(r -> visible.sees(r.unitId())).toList();
        Map<String, Tally> units = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        Map<String, Tally> weeks = new TreeMap<>();
        Map<String, Tally> months = new TreeMap<>();
        Tally total = new Tally();
        for (Row row : rows) {
            names.put(row.unitId(), row.unitName());
            String week = String.format("%d-W%02d", row.issuedOn().get(IsoFields.WEEK_BASED_YEAR),
                    row.issuedOn().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            for (Tally tally : List.of(total, units.computeIfAbsent(row.unitId(), k -> new Tally()),
                    weeks.computeIfAbsent(week, k -> new Tally()),
                    months.computeIfAbsent(YearMonth.from(row.issuedOn()).toString(), k -> new Tally()))) {
                tally.add(row, at);
            }
        }
        return new Completion(f, t, at, unitId, total.counts(),
                units.entrySet().stream().map(e -> new UnitCounts(e.getKey(), names.get(e.getKey()), e.getValue().counts())).toList(),
                weeks.entrySet().stream().map(e -> new PeriodCounts(e.getKey(), e.getValue().counts())).toList(),
                months.entrySet().stream().map(e -> new PeriodCounts(e.getKey(), e.getValue().counts())).toList(),
                completeness.ofUnitStreams(unitId == null ? null : completeness.subtree(unitId)));
    }

    private static final class Tally {
        int issued;
        int onTime;
        int late;
        int open;
        int overdue;

        void add(Row row, LocalDate asOf) {
            issued++;
            if (row.completed() != null && !row.completed().isAfter(asOf)) {
                if (row.completed().isAfter(row.due())) {
                    late++;
                } else {
                    onTime++;
                }
            } else if (row.due().isBefore(asOf)) {
                overdue++;
            } else {
                open++;
            }
        }

        Counts counts() {
            return new Counts(issued, onTime, late, open, overdue, rate(onTime + late), rate(onTime));
        }

        private BigDecimal rate(int part) {
            return issued == 0 ? null
                    : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(issued), 4, RoundingMode.HALF_UP);
        }
    }

    private static LocalDate date(String field, String value) {
        return RequestParams.date(field, value);
    }
}
