package cn.ledger.ranking.monthly;

import cn.ledger.projection.rebuild.RebuildSwitchHook;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At a rebuild's switch, carries the published rankings (closed months, every version and its
 * places) and the accountability outbox into the rebuilt tables: they are results already published,
 * not something the topic alone can give back. The months are marked as not yet compared with the
 * rebuilt inputs, so the reconciler checks each against its latest version and publishes a new one
 * only where the rebuilt figures differ; no accountability procedure is asked for twice.
 */
@Component
public class RankingHistoryCarryOver implements RebuildSwitchHook {

    private static final List<String[]> TABLES = List.of(
            new String[] {"SELECT * FROM ranking_month", "INSERT INTO ranking_month (%s) VALUES (%s)"},
            new String[] {"SELECT * FROM ranking_version", "INSERT INTO ranking_version (%s) VALUES (%s)"},
            new String[] {"SELECT * FROM ranking_entry", "INSERT INTO ranking_entry (%s) VALUES (%s)"},
            new String[] {"SELECT * FROM accountability_trigger", "INSERT INTO accountability_trigger (%s) VALUES (%s)"});

    @Override
    public void beforeSwitch(JdbcTemplate live, JdbcTemplate rebuilt) {
        for (String[] table : TABLES) {
            List<Map<String, Object>> rows = live.queryForList(table[0]);
            if (rows.isEmpty()) {
                continue;
            }
            List<String> columns = List.copyOf(rows.get(0).keySet());
            String sql = table[1].formatted(String.join(", ", columns),
                    String.join(", ", columns.stream().map(c -> "?").toList()));
            rebuilt.batchUpdate(sql, rows.stream().map(row -> columns.stream().map(row::get).toArray()).toList());
        }
        // Change marks are numbered afresh in the rebuilt tables: compare every closed month again.
        rebuilt.update("UPDATE ranking_month SET seen_change_id = 0");
    }
}
