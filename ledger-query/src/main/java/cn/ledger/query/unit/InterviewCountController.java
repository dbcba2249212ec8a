package cn.ledger.query.unit;

import cn.ledger.contract.InterviewKind;
import cn.ledger.query.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

    public InterviewCountController(JdbcTemplate jdbc, UnitTree units) {
        this.jdbc = jdbc;
        this.units = units;
    }

    public record InterviewCounts(String cadreId, String unitId, LocalDate from, LocalDate to, long total,
            Map<InterviewKind, Long> byKind) {}

    @GetMapping("/counts")
    @Operation(summary = "Interviews per kind for a cadre, or for a unit and every unit below it, in a date range")
    public InterviewCounts counts(@RequestParam(required = false) String cadreId,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        StringBuilder sql = new StringBuilder("SELECT kind, COUNT(*) AS n FROM interview WHERE effective_date BETWEEN ? AND ?"
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
        sql.append(" GROUP BY kind");
        Map<InterviewKind, Long> byKind = new EnumMap<>(InterviewKind.class);
        for (InterviewKind kind : InterviewKind.values()) {
            byKind.put(kind, 0L);
        }
        jdbc.query(sql.toString(), rs -> {
            byKind.put(InterviewKind.valueOf(rs.getString("kind")), rs.getLong("n"));
        }, args.toArray());
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        return new InterviewCounts(cadreId, unitId, from, to, total, byKind);
    }
}
