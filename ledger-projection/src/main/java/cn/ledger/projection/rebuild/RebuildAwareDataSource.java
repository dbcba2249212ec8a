package cn.ledger.projection.rebuild;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The service's data source, which a rebuild can point elsewhere for its own thread only.
 *
 * <p>While a projection is rebuilt, the rebuild thread applies events with the very same projection
 * code, JDBC template and transaction manager as the live consumer; only its connections come from a
 * pool whose search path is the rebuild's fresh schema. Every other thread keeps the live schema.
 */
public class RebuildAwareDataSource extends DelegatingDataSource implements AutoCloseable {

    private static final ThreadLocal<DataSource> REDIRECT = new ThreadLocal<>();

    public RebuildAwareDataSource(DataSource live) {
        super(live);
    }

    /** Runs {@code work} on this thread with its connections taken from {@code target}. */
    public static void redirected(DataSource target, Runnable work) {
        DataSource previous = REDIRECT.get();
        REDIRECT.set(target);
        try {
            work.run();
        } finally {
            if (previous == null) {
                REDIRECT.remove();
            } else {
                REDIRECT.set(previous);
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        DataSource target = REDIRECT.get();
        return target != null ? target.getConnection() : super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        DataSource target = REDIRECT.get();
        return target != null ? target.getConnection(username, password) : super.getConnection(username, password);
    }

    @Override
    public void close() throws Exception {
        if (getTargetDataSource() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
