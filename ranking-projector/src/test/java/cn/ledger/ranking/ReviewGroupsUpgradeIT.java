package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.ranking.monthly.RankingStore;
import cn.ledger.ranking.monthly.RankingStore.GroupMonth;
import cn.ledger.ranking.monthly.RankingStore.OpenMonth;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A schema holding months closed the old way (for every district at once, V1–V4) upgrades to closes per
 * review group: each closed month is closed for every group it ranked, with the same numbered versions and
 * each group's own entries; a month that had looked at all its change marks needs no new look, one that
 * had not is looked at again for the group it ranked; an open month's old marks count for the groups whose
 * units have records in it.
 */
class ReviewGroupsUpgradeIT {

    static final String SCHEMA = "ranking_upgrade_" + UUID.randomUUID().toString().substring(0, 8);

    static JdbcTemplate jdbc() {
        String url = TestInfrastructure.databaseUrl();
        return new JdbcTemplate(new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema="
                + SCHEMA, TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword()));
    }

    static Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword()).schemas(SCHEMA).defaultSchema(SCHEMA)
                .locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    @AfterAll
    static void drop() {
        jdbc().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void monthsClosedForEveryDistrictAtOnceBecomeClosedForEachGroupTheyRanked() {
        flyway("4").migrate();
        JdbcTemplate jdbc = jdbc();
        for (String[] unit : new String[][] {{"p1", null}, {"p2", null}, {"x1", "p1"}, {"x2", "p1"}, {"y1", "p2"},
                {"y2", "p2"}}) {
            jdbc.update("INSERT INTO unit (unit_id, name, category, parent_unit_id) VALUES (?, ?, 'STREET_OFFICE', ?)",
                    unit[0], "单位" + unit[0], unit[1]);
        }
        // September: closed, reconciled up to its last mark, two versions. August: closed with y only, a mark
        // it has not looked at. October: open, scored for x1 only.
        int evaluation = 0;
        for (String[] score : new String[][] {{"x1", "2019-09"}, {"x2", "2019-09"}, {"y1", "2019-09"},
                {"y2", "2019-09"}, {"y1", "2019-08"}, {"y2", "2019-08"}, {"x1", "2019-10"}}) {
            jdbc.update("INSERT INTO evaluation (evaluation_id, unit_id, month, score, assessor) VALUES (?, ?, ?, 80, 'a')",
                    "ev-" + evaluation++, score[0], score[1]);
        }
        for (String month : List.of("2019-09", "2019-09", "2019-09", "2019-09", "2019-08", "2019-08", "2019-10")) {
            jdbc.update("INSERT INTO month_change (month, event_id, applied_at) VALUES (?, 'e', now())", month);
        }
        long lastSeptember = jdbc.queryForObject("SELECT MAX(change_id) FROM month_change WHERE month = '2019-09'",
                Long.class);
        jdbc.update("INSERT INTO ranking_month VALUES ('2019-09', now(), 'schedule', 2, ?)", lastSeptember);
        jdbc.update("INSERT INTO ranking_month VALUES ('2019-08', now(), 'admin-1', 1, 0)");
        jdbc.update("INSERT INTO ranking_version VALUES ('2019-09', 1, now(), 'month closed by schedule', 'p', 0)");
        jdbc.update("INSERT INTO ranking_version VALUES ('2019-09', 2, now(), 'records arrived after the close', 'p', ?)",
                lastSeptember);
        jdbc.update("INSERT INTO ranking_version VALUES ('2019-08', 1, now(), 'month closed by admin-1', 'p', 0)");
        for (Object[] entry : new Object[][] {{"2019-09", 1, "x1", "p1"}, {"2019-09", 1, "x2", "p1"},
                {"2019-09", 1, "y1", "p2"}, {"2019-09", 1, "y2", "p2"}, {"2019-09", 2, "x1", "p1"},
                {"2019-09", 2, "x2", "p1"}, {"2019-09", 2, "y1", "p2"}, {"2019-09", 2, "y2", "p2"},
                {"2019-08", 1, "y1", "p2"}, {"2019-08", 1, "y2", "p2"}}) {
            jdbc.update("""
                    INSERT INTO ranking_entry VALUES (?, ?, ?, 'n', 'STREET_OFFICE', ?, 1, 2, 86, 80, 56, 0, 0, 0, 0,
                        1, 30, 0, 0, 0, 'NONE', FALSE)""", entry);
        }

        flyway(null).migrate();

        assertThat(jdbc.queryForList("SELECT group_id || ' ' || month || ' v' || latest_version || ' ' || closed_by "
                + "FROM ranking_month ORDER BY month, group_id", String.class))
                .containsExactly("p2 2019-08 v1 admin-1", "p1 2019-09 v2 schedule", "p2 2019-09 v2 schedule");
        assertThat(jdbc.queryForList("SELECT group_id || ' ' || month || ' v' || version || ' ' || reason "
                + "FROM ranking_version ORDER BY month, group_id, version", String.class))
                .containsExactly("p2 2019-08 v1 month closed by admin-1", "p1 2019-09 v1 month closed by schedule",
                        "p1 2019-09 v2 records arrived after the close", "p2 2019-09 v1 month closed by schedule",
                        "p2 2019-09 v2 records arrived after the close");
        assertThat(jdbc.queryForList("SELECT unit_id FROM ranking_entry WHERE group_id = 'p1' AND month = '2019-09' "
                + "AND version = 2 ORDER BY unit_id", String.class)).containsExactly("x1", "x2");

        RankingStore store = new RankingStore(jdbc);
        assertThat(store.changedClosedMonths()).as("months to look at again")
                .containsExactly(new GroupMonth("p2", YearMonth.parse("2019-08")));
        assertThat(store.openMonths()).extracting(OpenMonth::groupId, OpenMonth::month)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", YearMonth.parse("2019-10")));
        assertThat(store.month("p1", YearMonth.parse("2019-09")).orElseThrow().latestVersion()).isEqualTo(2);
        assertThat(store.entries("p2", YearMonth.parse("2019-09"), 1)).extracting(r -> r.unit().unitId())
                .containsExactly("y1", "y2");
    }
}
