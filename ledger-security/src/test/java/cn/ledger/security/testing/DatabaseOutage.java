package cn.ledger.security.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a service's PostgreSQL database unreachable for real, and brings it back: connections to it are
 * refused ({@code ALLOW_CONNECTIONS false}) and the open ones, the pool's, are terminated. The server
 * itself keeps running (other databases on it are not touched). Closing the outage allows connections again.
 */
public final class DatabaseOutage implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?$");

    private final String maintenanceUrl;
    private final String user;
    private final String password;
    private final String database;

    private DatabaseOutage(String maintenanceUrl, String user, String password, String database) {
        this.maintenanceUrl = maintenanceUrl;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** Cuts the database of {@code jdbcUrl} off, working from the server's {@code postgres} database. */
    public static DatabaseOutage begin(String jdbcUrl, String user, String password) throws SQLException {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL database URL: " + jdbcUrl);
        }
        DatabaseOutage outage = new DatabaseOutage(m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3)),
                user, password, m.group(2));
        outage.execute("ALTER DATABASE \"" + outage.database + "\" ALLOW_CONNECTIONS false");
        outage.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + outage.database
                + "' AND pid <> pg_backend_pid()");
        return outage;
    }

    /** The database takes connections again. */
    @Override
    public void close() throws SQLException {
        execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, password == null ? "" : password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
