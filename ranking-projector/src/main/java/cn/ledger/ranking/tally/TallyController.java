package cn.ledger.ranking.tally;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;

    public TallyController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record UnitMonth(String unitId, String unitName, String category, String month, int positiveEntries,
            BigDecimal positivePoints, int negativeEntries, BigDecimal negativePoints, BigDecimal netPoints,
            int interviews, int blueCards, int yellowCards, int redCards) {}

    @GetMapping("/monthly/{month}")
    @Operation(summary = "Per unit: entries, points, interviews and cards that took effect in the month (yyyy-MM)")
    public List<UnitMonth> monthly(
            @PathVariable @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must look like 2023-09") String month) {
        return jdbc.query("""
                SELECT t.*, u.name, u.category
                  FROM monthly_unit_tally t LEFT JOIN unit u ON u.unit_id = t.unit_id
                 WHERE t.month = ? ORDER BY t.unit_id""",
                (rs, i) -> new UnitMonth(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        rs.getString("month"), rs.getInt("positive_entries"), rs.getBigDecimal("positive_points"),
                        rs.getInt("negative_entries"), rs.getBigDecimal("negative_points"),
                        rs.getBigDecimal("positive_points").subtract(rs.getBigDecimal("negative_points")),
                        rs.getInt("interviews"), rs.getInt("blue_cards"), rs.getInt("yellow_cards"),
                        rs.getInt("red_cards")),
                month);
    }
}
