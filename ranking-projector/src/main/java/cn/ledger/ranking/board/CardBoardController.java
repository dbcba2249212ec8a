package cn.ledger.ranking.board;

import cn.ledger.contract.CardColour;
import cn.ledger.ranking.web.BadParameter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cards")
@Tag(name = "cards", description = "The card board (亮牌)")
public class CardBoardController {

    private final JdbcTemplate jdbc;

    public CardBoardController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record UnitRow(String unitId, String unitName, String category, Map<String, CardColour> cards,
            Map<CardColour, Integer> totals) {}

    public record Board(String quarter, String issuedBy, List<String> aspects, List<UnitRow> units,
            Map<CardColour, Integer> totals, Map<String, Map<CardColour, Integer>> totalsByAspect) {}

    private record Card(String unitId, String unitName, String category, String aspect, CardColour colour) {}

    @GetMapping("/board")
    @Operation(summary = "A quarter's board: each unit × aspect with its colour, totals per colour, per unit and per "
            + "aspect. Revoked cards are not shown; where a unit holds two cards for one aspect, the later one "
            + "(by effective date) is on the board.")
    public Board board(@Parameter(description = "e.g. 2023-Q3") @RequestParam String quarter,
            @Parameter(description = "only the cards this unit issued (e.g. the district's own board)")
            @RequestParam(required = false) String issuedBy) {
        if (!quarter.matches("\\d{4}-Q[1-4]")) {
            throw new BadParameter("quarter", "must look like 2023-Q3");
        }
        List<Card> cards = jdbc.query("""
                SELECT DISTINCT ON (c.unit_id, c.aspect) c.unit_id, COALESCE(u.name, c.unit_id) AS name,
                       u.category, c.aspect, c.colour
                  FROM card c LEFT JOIN unit u ON u.unit_id = c.unit_id
                 WHERE c.quarter = ? AND NOT c.revoked AND (CAST(? AS VARCHAR) IS NULL OR c.issued_by_unit_id = ?)
                 ORDER BY c.unit_id, c.aspect, c.effective_date DESC, c.card_id DESC""",
                (rs, i) -> new Card(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        rs.getString("aspect"), CardColour.valueOf(rs.getString("colour"))),
                quarter, issuedBy, issuedBy);
        TreeSet<String> aspects = new TreeSet<>();
        Map<String, UnitRow> units = new TreeMap<>();
        Map<CardColour, Integer> totals = zero();
        Map<String, Map<CardColour, Integer>> byAspect = new TreeMap<>();
        for (Card card : cards) {
            aspects.add(card.aspect());
            UnitRow row = units.computeIfAbsent(card.unitId(),
                    id -> new UnitRow(id, card.unitName(), card.category(), new LinkedHashMap<>(), zero()));
            row.cards().put(card.aspect(), card.colour());
            row.totals().merge(card.colour(), 1, Integer::sum);
            totals.merge(card.colour(), 1, Integer::sum);
            byAspect.computeIfAbsent(card.aspect(), a -> zero()).merge(card.colour(), 1, Integer::sum);
        }
        return new Board(quarter, issuedBy, new ArrayList<>(aspects), new ArrayList<>(units.values()), totals, byAspect);
    }

    private static Map<CardColour, Integer> zero() {
        Map<CardColour, Integer> counts = new EnumMap<>(CardColour.class);
        for (CardColour colour : CardColour.values()) {
            counts.put(colour, 0);
        }
        return counts;
    }
}
