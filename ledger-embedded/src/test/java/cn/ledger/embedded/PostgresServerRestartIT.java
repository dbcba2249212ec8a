package cn.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL the local run keeps: stopped and started again on its data directory (on another
 * port), the database and every committed row are there, and the server goes on writing after them.
 */
class PostgresServerRestartIT {

    @Test
    void aServerStartedAgainOnItsDataDirectoryKeepsTheLedger(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        List<String> before;
        try (PostgresServer pg = PostgresServer.startEmbedded(0, data)) {
            String url = pg.createDatabase("ledger");
            try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA ledger_command");
                s.execute("CREATE TABLE ledger_command.domain_event_entry (global_index BIGSERIAL PRIMARY KEY,"
                        + " aggregate_identifier TEXT NOT NULL, payload TEXT NOT NULL)");
                for (int i = 0; i < 50; i++) {
                    s.execute("INSERT INTO ledger_command.domain_event_entry (aggregate_identifier, payload) VALUES ('c-"
                            + (i % 7) + "', 'entry " + i + "')");
                }
            }
            before = rows(url, pg);
        }
        assertThat(before).hasSize(50);
        assertThat(Files.isRegularFile(data.resolve("PG_VERSION"))).isTrue();

        try (PostgresServer pg = PostgresServer.startEmbedded(0, data)) {
            String url = pg.createDatabase("ledger"); // already there: kept, not created again
            assertThat(rows(url, pg)).containsExactlyElementsOf(before);
            try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO ledger_command.domain_event_entry (aggregate_identifier, payload) VALUES ('c-1', 'after')");
                ResultSet rs = s.executeQuery("SELECT max(global_index) FROM ledger_command.domain_event_entry");
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(51);
            }
        }
    }

    private static List<String> rows(String url, PostgresServer pg) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT global_index, aggregate_identifier, payload"
                        + " FROM ledger_command.domain_event_entry ORDER BY global_index")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }
}
