package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.embedded.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A database of a test class's own on the test server, beside the JVM's shared one, for a context whose
 * schedule closes months by itself; dropped at exit.
 */
final class OwnDatabase {

    private static final Map<String, String> URLS = new ConcurrentHashMap<>();

    private OwnDatabase() {}

    static String url(String prefix) {
        return URLS.computeIfAbsent(prefix, OwnDatabase::create);
    }

    private static String create(String prefix) {
        String shared = TestInfrastructure.databaseUrl();
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String own;
        try (Connection c = DriverManager.getConnection(shared, TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword()); Statement s = c.createStatement()) {
            ResultSet current = s.executeQuery("SELECT current_database()");
            current.next();
            String sharedName = current.getString(1);
            s.execute("CREATE DATABASE " + name);
            own = shared.replaceFirst("/" + sharedName + "(?=$|\\?)", "/" + name);
            assertThat(own).isNotEqualTo(shared);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(shared, TestInfrastructure.databaseUser(),
                    TestInfrastructure.databasePassword()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // the shared database's own hook may have gone first; the server is the test's
            }
        }, "drop-" + name));
        return own;
    }
}
