package cn.ledger.ranking.tally;

import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/tallies")
@Tag(name = "tallies", description = "What each unit collected in a month")
public class TallyController {

    private final NamedParameterJdbcTemplate jdbc;
    private final cn.ledger.ranking.UnitCompleteness completeness;
    private final cn.ledger.ranking.web.ReadScope scope;

    public TallyController(NamedParameterJdbcTemplate jdbc, cn.ledger.ranking.UnitCompleteness completeness,
            cn.ledger.ranking.web.ReadScope scope) {
        this.scope = scope;
        this.jdbc = jdbc;
        this.completeness = completeness;
    }

    public record Assignments(int due, int completedOnTime, int completedLate, int open) {}

    public record UnitMonth(String unitId, String unitName, String category, String month, int positiveEntries,
            BigDecimal positivePoints, int negativeEntries, BigDecimal negativePoints, BigDecimal netPoints,
            int interviews, int blueCards, int yellowCards, int redCards, BigDecimal evaluationScore,
            Assignments assignmentsDue, cn.ledger.projection.Completeness completeness) {}

    @GetMapping("/monthly/{month}")
    @Operation(summary = "Per unit: entries, points, interviews and cards that took effect in the month (yyyy-MM), "
            + "the month's evaluation score (mean of the assessors' scores) and the assignments due in it. "
            + "Revoked and 容错免责 records do not count. Only the units in the caller's scope.")
    public List<UnitMonth> monthly(
            @PathVariable @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must look like 2023-09") String month,
            @io.swagger.v3.oas.annotations.Parameter(description = "only the children of this unit (a review group)")
            @org.springframework.web.bind.annotation.RequestParam(required = false) String parentUnitId,
            @io.swagger.v3.oas.annotations.Parameter(description = "only this unit")
            @org.springframework.web.bind.annotation.RequestParam(required = false) String unitId) {
        RequestParams.month("month", month);
        RequestParams.id("parentUnitId", parentUnitId);
        RequestParams.id("unitId", unitId);
        scope.require("parentUnitId", parentUnitId);
        scope.require("unitId", unitId);
        cn.ledger.ranking.web.ReadScope.Visible visible = scope.visible();
        List<UnitMonth> rows = jdbc.query("""
                WITH units AS (
                    SELECT unit_id FROM monthly_unit_tally WHERE month = :month
                    UNION SELECT unit_id FROM assignment WHERE to_char(due_date, 'YYYY-MM') = :month AND NOT revoked
                    UNION SELECT unit_id FROM evaluation WHERE month = :month AND NOT revoked)
                SELECT x.unit_id, u.name, u.category,
                       COALESCE(t.positive_entries, 0) AS positive_entries,
                       COALESCE(t.positive_points, 0) AS positive_points,
                       COALESCE(t.negative_entries, 0) AS negative_entries,
                       COALESCE(t.negative_points, 0) AS negative_points,
                       COALESCE(t.interviews, 0) AS interviews, COALESCE(t.blue_cards, 0) AS blue_cards,
                       COALESCE(t.yellow_cards, 0) AS yellow_cards, COALESCE(t.red_cards, 0) AS red_cards,
                       (SELECT ROUND(AVG(e.score), 2) FROM evaluation e
                         WHERE e.unit_id = x.unit_id AND e.month = :month AND NOT e.revoked) AS evaluation_score,
                       a.due, a.on_time, a.late, a.open
                  FROM units x
                  LEFT JOIN unit u ON u.unit_id = x.unit_id
                  LEFT JOIN monthly_unit_tally t ON t.unit_id = x.unit_id AND t.month = :month
                  CROSS JOIN LATERAL (
                      SELECT COUNT(*) AS due,
                             COUNT(*) FILTER (WHERE completed_on <= due_date) AS on_time,
                             COUNT(*) FILTER (WHERE completed_on > due_date) AS late,
                             COUNT(*) FILTER (WHERE completed_on IS NULL) AS open
                        FROM assignment
                       WHERE unit_id = x.unit_id AND to_char(due_date, 'YYYY-MM') = :month AND NOT revoked) a
                 WHERE (CAST(:parent AS VARCHAR) IS NULL OR u.parent_unit_id = :parent)
                   AND (CAST(:unit AS VARCHAR) IS NULL OR x.unit_id = :unit)
                 ORDER BY x.unit_id""",
                new MapSqlParameterSource("month", month).addValue("parent", parentUnitId, java.sql.Types.VARCHAR)
                        .addValue("unit", unitId, java.sql.Types.VARCHAR),
                (rs, i) -> new UnitMonth(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        month, rs.getInt("positive_entries"), rs.getBigDecimal("positive_points"),
                        rs.getInt("negative_entries"), rs.getBigDecimal("negative_points"),
                        rs.getBigDecimal("positive_points").subtract(rs.getBigDecimal("negative_points")),
                        rs.getInt("interviews"), rs.getInt("blue_cards"), rs.getInt("yellow_cards"),
                        rs.getInt("red_cards"), rs.getBigDecimal("evaluation_score"),
                        new Assignments(rs.getInt("due"), rs.getInt("on_time"), rs.getInt("late"), rs.getInt("open")),
                        null)).stream().filter(r -> visible.sees(r.unitId())).toList();
        // each unit's row says whether records of its stream or of its cadres' are missing
        var perUnit = completeness.perUnit(rows.stream().map(UnitMonth::unitId).toList());
        return rows.stream().map(r -> new UnitMonth(r.unitId(), r.unitName(), r.category(), r.month(),
                r.positiveEntries(), r.positivePoints(), r.negativeEntries(), r.negativePoints(), r.netPoints(),
                r.interviews(), r.blueCards(), r.yellowCards(), r.redCards(), r.evaluationScore(), r.assignmentsDue(),
                perUnit.get(r.unitId()))).toList();
    }
}
