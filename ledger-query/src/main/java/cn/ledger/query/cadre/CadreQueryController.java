package cn.ledger.query.cadre;

import cn.ledger.security.web.NotFound;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cadres")
@Tag(name = "cadres", description = "What the ledger holds about a cadre")
public class CadreQueryController {

    private final JdbcTemplate jdbc;
    private final cn.ledger.query.history.AnswerBasis basis;

    public CadreQueryController(JdbcTemplate jdbc, cn.ledger.query.history.AnswerBasis basis) {
        this.jdbc = jdbc;
        this.basis = basis;
    }

    public record Tally(long count, BigDecimal points) {}

    public record AspectTotals(String aspect, BigDecimal positivePoints, BigDecimal negativePoints,
            BigDecimal netPoints) {}

    public record EntryTotals(String cadreId, LocalDate from, LocalDate to, Tally positive, Tally negative,
            BigDecimal netPoints, List<AspectTotals> byAspect, cn.ledger.projection.Completeness completeness) {}

    @GetMapping("/{cadreId}/entries/totals")
    @Operation(summary = "Positive and negative entries of a cadre: counts, points and net points, per aspect")
    public EntryTotals entryTotals(@PathVariable String cadreId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        RequestParams.id("cadreId", cadreId);
        RequestParams.date("from", from);
        RequestParams.date("to", to);
        requireCadre(cadreId);
        LocalDate start = from == null ? LocalDate.of(1900, 1, 1) : from;
        LocalDate end = to == null ? LocalDate.of(9999, 12, 31) : to;
        List<AspectTotals> byAspect = jdbc.query("""
                SELECT aspect,
                       COALESCE(SUM(points) FILTER (WHERE polarity = 'POSITIVE'), 0) AS positive,
                       COALESCE(SUM(points) FILTER (WHERE polarity = 'NEGATIVE'), 0) AS negative
                  FROM entry
                 WHERE cadre_id = ? AND effective_date BETWEEN ? AND ?
                   AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.record_id = entry.entry_id)
                 GROUP BY aspect ORDER BY aspect""",
                (rs, i) -> new AspectTotals(rs.getString("aspect"), rs.getBigDecimal("positive"),
                        rs.getBigDecimal("negative"), rs.getBigDecimal("positive").subtract(rs.getBigDecimal("negative"))),
                cadreId, start, end);
        Tally[] tallies = jdbc.queryForObject("""
                SELECT COUNT(*) FILTER (WHERE polarity = 'POSITIVE') AS pc,
                       COALESCE(SUM(points) FILTER (WHERE polarity = 'POSITIVE'), 0) AS pp,
                       COUNT(*) FILTER (WHERE polarity = 'NEGATIVE') AS nc,
                       COALESCE(SUM(points) FILTER (WHERE polarity = 'NEGATIVE'), 0) AS np
                  FROM entry WHERE cadre_id = ? AND effective_date BETWEEN ? AND ?
                   AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.record_id = entry.entry_id)""",
                (rs, i) -> new Tally[] {new Tally(rs.getLong("pc"), rs.getBigDecimal("pp")),
                        new Tally(rs.getLong("nc"), rs.getBigDecimal("np"))},
                cadreId, start, end);
        return new EntryTotals(cadreId, from, to, tallies[0], tallies[1],
                tallies[0].points().subtract(tallies[1].points()), byAspect, basis.ofStreams(List.of(cadreId)));
    }

    private void requireCadre(String cadreId) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM cadre WHERE cadre_id = ?)", Boolean.class,
                cadreId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFound("No cadre " + cadreId + " in the ledger");
        }
    }
}
