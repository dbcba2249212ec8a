package cn.ledger.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server: real binaries from Maven (embedded), or one reached over JDBC. Hands out
 * databases on it.
 */
public final class PostgresServer implements AutoCloseable {

    private final String adminUrl;
    private final String user;
    private final String password;
    private final EmbeddedPostgres embedded;

    private PostgresServer(String adminUrl, String user, String password, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * Starts real PostgreSQL binaries shipped in a Maven artifact; {@code port} 0 picks a free one. With a
     * {@code dataDirectory} the cluster lives there and is kept: initialised on the first start, started
     * again on what it holds afterwards (a postmaster left running on it by a process that was killed is
     * stopped first). Without one it lives in a temporary directory deleted when it stops.
     */
    public static PostgresServer startEmbedded(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setDataDirectoryCustomizer(PostgresServer::stopOrphanedPostmaster);
            }
            EmbeddedPostgres pg = builder.start();
            return new PostgresServer(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", pg);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }

    /**
     * Stops a postmaster still running on {@code dataDirectory} (its launcher was killed, so nobody stopped
     * it): a fast shutdown, as {@code pg_ctl stop -m fast} would. Called while this process holds the data
     * directory's lock, so it is never another live launcher's server.
     */
    public static void stopOrphanedPostmaster(File dataDirectory) {
        Path pidFile = dataDirectory.toPath().resolve("postmaster.pid");
        long pid;
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return; // unreadable: PostgreSQL itself decides whether the file is stale
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)).orElse(null);
        if (postmaster == null) {
            return; // stale file of a crashed server: PostgreSQL removes it itself
        }
        System.err.println("[ledger-embedded] stopping PostgreSQL (pid " + pid + ") left running on " + dataDirectory
                + " by a run that was killed");
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL (pid " + pid + ") still runs on " + dataDirectory
                    + "; stop it (kill -INT " + pid + ") and start again", e);
        }
    }

    /** An existing server, reached with an administrative connection that may create databases. */
    public static PostgresServer external(String adminUrl, String user, String password) {
        return new PostgresServer(adminUrl, user, password, null);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?', slash);
        String base = adminUrl.substring(0, slash + 1);
        String params = query < 0 ? "" : adminUrl.substring(query);
        return base + name + params;
    }

    /** Creates database {@code name} unless it exists, and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + adminUrl, e);
        }
        return jdbcUrl(name);
    }

    /** Drops database {@code name}, closing whatever connections are still open to it. */
    public void dropDatabase(String name) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot stop embedded PostgreSQL", e);
            }
        }
    }
}
