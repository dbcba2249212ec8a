package cn.ledger.query.unit;

import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/cards")
@Tag(name = "cards", description = "Unit cards (亮牌) totals")
public class CardTotalsController {

    private final JdbcTemplate jdbc;
    private final UnitTree units;
    private final cn.ledger.query.history.AnswerBasis basis;

    public CardTotalsController(JdbcTemplate jdbc, UnitTree units, cn.ledger.query.history.AnswerBasis basis) {
        this.jdbc = jdbc;
        this.units = units;
        this.basis = basis;
    }

    public record ColourTotals(long blue, long yellow, long red) {}

    /**
     * {@code held}: cards held by the unit itself (issued to it by its parent). {@code below}: cards
     * held by every unit under it, e.g. all the cards a district issued to its offices and departments.
     * Without a unit, {@code below} counts every card of the quarter.
     */
    public record CardTotals(String quarter, String unitId, String aspect, ColourTotals held, ColourTotals below,
            List<UnitCards> byUnit, cn.ledger.projection.Completeness completeness, String unitName) {}

    /** One unit of the subtree (the unit itself included) with its cards, per aspect. */
    public record UnitCards(String unitId, String name, ColourTotals total, Map<String, ColourTotals> byAspect) {}

    @GetMapping("/totals")
    @Operation(summary = "Blue, yellow and red cards in a quarter, held by a unit and rolled up below it")
    public CardTotals totals(
            @RequestParam @Pattern(regexp = "\\d{4}-Q[1-4]", message = "must look like 2023-Q3") String quarter,
            @RequestParam(required = false) String unitId, @RequestParam(required = false) String aspect) {
        RequestParams.quarter("quarter", quarter);
        RequestParams.id("unitId", unitId);
        RequestParams.id("aspect", aspect);
        if (unitId == null) {
            return new CardTotals(quarter, null, aspect, null, count(quarter, aspect, "", List.of()), List.of(),
                    basis.ofAllUnits(), null);
        }
        units.requireUnit(unitId);
        ColourTotals held = count(quarter, aspect, " AND unit_id = ?", List.of(unitId));
        ColourTotals below = count(quarter, aspect, " AND unit_id <> ? AND unit_id IN (" + UnitTree.SUBTREE + ")",
                List.of(unitId, unitId));
        return new CardTotals(quarter, unitId, aspect, held, below, byUnit(quarter, unitId, aspect),
                basis.ofUnitSubtree(unitId), byUnitName(unitId));
    }

    private List<UnitCards> byUnit(String quarter, String unitId, String aspect) {
        Map<String, UnitCards> units = new LinkedHashMap<>();
        jdbc.query("""
                SELECT c.unit_id, u.name, c.aspect,
                       COUNT(*) FILTER (WHERE colour = 'BLUE') AS blue,
                       COUNT(*) FILTER (WHERE colour = 'YELLOW') AS yellow,
                       COUNT(*) FILTER (WHERE colour = 'RED') AS red
                  FROM card c JOIN unit u ON u.unit_id = c.unit_id
                 WHERE c.quarter = ? AND (CAST(? AS VARCHAR) IS NULL OR c.aspect = ?)
                   AND NOT EXISTS (SELECT 1 FROM correction x WHERE x.record_id = c.card_id)
                   AND c.unit_id IN (""" + UnitTree.SUBTREE + """
                )
                 GROUP BY c.unit_id, u.name, c.aspect
                 ORDER BY c.unit_id, c.aspect""", rs -> {
            ColourTotals colours = new ColourTotals(rs.getLong("blue"), rs.getLong("yellow"), rs.getLong("red"));
            UnitCards unit = units.computeIfAbsent(rs.getString("unit_id"), id -> new UnitCards(id,
                    safeName(rs), new ColourTotals(0, 0, 0), new TreeMap<>()));
            unit.byAspect().put(rs.getString("aspect"), colours);
            units.put(unit.unitId(), new UnitCards(unit.unitId(), unit.name(), new ColourTotals(
                    unit.total().blue() + colours.blue(), unit.total().yellow() + colours.yellow(),
                    unit.total().red() + colours.red()), unit.byAspect()));
        }, quarter, aspect, aspect, unitId);
        return List.copyOf(units.values());
    }

    private String byUnitName(String unitId) {
        return jdbc.queryForObject("SELECT MIN(name) FROM unit WHERE unit_id = ?", String.class, unitId);
    }

    private static String safeName(ResultSet rs) {
        try {
            return rs.getString("name");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private ColourTotals count(String quarter, String aspect, String where, List<Object> whereArgs) {
        List<Object> args = new ArrayList<>();
        args.add(quarter);
        StringBuilder sql = new StringBuilder("""
                SELECT COUNT(*) FILTER (WHERE colour = 'BLUE') AS blue,
                       COUNT(*) FILTER (WHERE colour = 'YELLOW') AS yellow,
                       COUNT(*) FILTER (WHERE colour = 'RED') AS red
                  FROM card WHERE quarter = ?
                   AND NOT EXISTS (SELECT 1 FROM correction c WHERE c.record_id = card.card_id)""");
        if (aspect != null) {
            sql.append(" AND aspect = ?");
            args.add(aspect);
        }
        sql.append(where);
        args.addAll(whereArgs);
        return jdbc.queryForObject(sql.toString(),
                (rs, i) -> new ColourTotals(rs.getLong("blue"), rs.getLong("yellow"), rs.getLong("red")),
                args.toArray());
    }
}
