package cn.ledger.ranking.board;

import cn.ledger.contract.CardColour;
import cn.ledger.ranking.RankingProperties;
import cn.ledger.ranking.monthly.RankingController;
import cn.ledger.security.web.BadParameter;
import cn.ledger.projection.export.TableExport;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
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
    private final RankingProperties properties;
    private final cn.ledger.ranking.UnitCompleteness completeness;
    private final cn.ledger.ranking.web.ReadScope scope;

    public CardBoardController(JdbcTemplate jdbc, RankingProperties properties,
            cn.ledger.ranking.UnitCompleteness completeness, cn.ledger.ranking.web.ReadScope scope) {
        this.scope = scope;
        this.jdbc = jdbc;
        this.properties = properties;
        this.completeness = completeness;
    }

    public record UnitRow(String unitId, String unitName, String category, Map<String, CardColour> cards,
            Map<CardColour, Integer> totals) {}

    public record Board(String quarter, String issuedBy, List<String> aspects, List<UnitRow> units,
            Map<CardColour, Integer> totals, Map<String, Map<CardColour, Integer>> totalsByAspect,
            cn.ledger.projection.Completeness completeness) {}

    private record Card(String unitId, String unitName, String category, String aspect, CardColour colour) {}

    @GetMapping("/board")
    @Operation(summary = "A quarter's board: each unit × aspect with its colour, totals per colour, per unit and per "
            + "aspect. Revoked cards are not shown; where a unit holds two cards for one aspect, the later one "
            + "(by effective date) is on the board. Only the units in the caller's scope.")
    public Board board(@Parameter(description = "e.g. 2023-Q3") @RequestParam String quarter,
            @Parameter(description = "only the cards this unit issued (e.g. the district's own board)")
            @RequestParam(required = false) String issuedBy) {
        quarterStart(quarter);
        RequestParams.id("issuedBy", issuedBy);
        List<Card> cards = jdbc.query("""
                SELECT DISTINCT ON (c.unit_id, c.aspect) c.unit_id, COALESCE(u.name, c.unit_id) AS name,
                       u.category, c.aspect, c.colour
                  FROM card c LEFT JOIN unit u ON u.unit_id = c.unit_id
                 WHERE c.quarter = ? AND NOT c.revoked AND (CAST(? AS VARCHAR) IS NULL OR c.issued_by_unit_id = ?)
                 ORDER BY c.unit_id, c.aspect, c.effective_date DESC, c.card_id DESC""",
                (rs, i) -> new Card(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        rs.getString("aspect"), CardColour.valueOf(rs.getString("colour"))),
                quarter, issuedBy, issuedBy);
        cn.ledger.ranking.web.ReadScope.Visible visible = scope.visible();
        cards = cards.stream().filter(c -> visible.sees(c.unitId())).toList();
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
        return new Board(quarter, issuedBy, new ArrayList<>(aspects), new ArrayList<>(units.values()), totals, byAspect,
                completeness.ofUnitStreams(null));
    }

    @GetMapping(value = "/board.csv", produces = "text/csv")
    @Operation(summary = "The quarter's board as CSV (UTF-8 with BOM, opens in Excel): unit × aspect colour and totals; "
            + "the first line names the quarter, issuing unit, policy version, as-of date and when it was made")
    public ResponseEntity<byte[]> csv(@Parameter(description = "e.g. 2023-Q3") @RequestParam String quarter,
            @Parameter(description = "only the cards this unit issued") @RequestParam(required = false) String issuedBy) {
        return TableExport.attachment(table(quarter, issuedBy).csv(), TableExport.CSV, fileName("cards", quarter, issuedBy, ".csv"),
                fileName("亮牌情况", quarter, issuedBy, ".csv"));
    }

    @GetMapping(value = "/board.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "The quarter's board as an Excel workbook: unit × aspect, each cell filled blue, yellow or red, "
            + "totals per unit and per aspect, under rows naming the quarter, policy version, as-of date and when it "
            + "was made (also in the document properties)")
    public ResponseEntity<byte[]> xlsx(@Parameter(description = "e.g. 2023-Q3") @RequestParam String quarter,
            @Parameter(description = "only the cards this unit issued") @RequestParam(required = false) String issuedBy) {
        return TableExport.attachment(table(quarter, issuedBy).xlsx(), TableExport.XLSX,
                fileName("cards", quarter, issuedBy, ".xlsx"), fileName("亮牌情况", quarter, issuedBy, ".xlsx"));
    }

    /** How each colour is written and filled on the board. */
    static String label(CardColour colour) {
        return switch (colour) {
            case BLUE -> "蓝牌";
            case YELLOW -> "黄牌";
            case RED -> "红牌";
        };
    }

    static String rgb(CardColour colour) {
        return switch (colour) {
            case BLUE -> "5B9BD5";
            case YELLOW -> "FFD966";
            case RED -> "FF5050";
        };
    }

    private static String fileName(String stem, String quarter, String issuedBy, String suffix) {
        return stem + "-" + quarter + (issuedBy == null ? "" : "-" + issuedBy) + suffix;
    }

    private TableExport table(String quarter, String issuedBy) {
        YearMonth first = quarterStart(quarter);
        Board board = board(quarter, issuedBy);
        Instant generated = Instant.now();
        LocalDate today = generated.atZone(properties.zone()).toLocalDate();
        LocalDate end = first.plusMonths(2).atEndOfMonth();
        TableExport table = new TableExport("亮牌情况", new TableExport.Fact("季度", quarter, "quarter"), "亮牌情况 " + quarter)
                .fact("发牌单位", issuedBy == null ? "全部" : issuedBy, "issuedBy")
                .fact("评分办法", (properties.covers(first) ? properties.policyFor(first).version() : ""), "policyVersion")
                .fact("数据截至", today.isBefore(end) ? today : end, "asOf")
                .fact("生成时间", generated.atZone(properties.zone()).toOffsetDateTime().withNano(0), "generatedAt")
                .fact("记录完整性", completeness.ofUnitStreams(null).line(), "completeness");
        List<String> columns = new ArrayList<>(List.of("单位编码", "单位", "类别"));
        columns.addAll(board.aspects());
        for (CardColour colour : CardColour.values()) {
            columns.add(label(colour) + "数");
        }
        table.columns(columns.toArray(String[]::new));
        for (UnitRow unit : board.units()) {
            List<Object> row = new ArrayList<>(java.util.Arrays.asList(unit.unitId(), unit.unitName(),
                    RankingController.categoryLabel(unit.category()) == null ? "" : RankingController.categoryLabel(unit.category())));
            for (String aspect : board.aspects()) {
                CardColour colour = unit.cards().get(aspect);
                row.add(colour == null ? null : new TableExport.Filled(label(colour), rgb(colour)));
            }
            for (CardColour colour : CardColour.values()) {
                row.add(unit.totals().get(colour));
            }
            table.row(row);
        }
        for (CardColour colour : CardColour.values()) {
            List<Object> row = new ArrayList<>(List.of("", label(colour) + "合计", ""));
            for (String aspect : board.aspects()) {
                row.add(board.totalsByAspect().get(aspect).get(colour));
            }
            for (CardColour c : CardColour.values()) {
                row.add(c == colour ? board.totals().get(colour) : null);
            }
            table.row(row);
        }
        return table;
    }

    private static YearMonth quarterStart(String quarter) {
        return RequestParams.quarter("quarter", quarter);
    }

    private static Map<CardColour, Integer> zero() {
        Map<CardColour, Integer> counts = new EnumMap<>(CardColour.class);
        for (CardColour colour : CardColour.values()) {
            counts.put(colour, 0);
        }
        return counts;
    }
}
