package cn.ledger.projection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.StatementCallback;

/**
 * The projections' {@link JdbcTemplate}: while the applier runs a batch on this thread
 * ({@link #deferring}), {@code update(sql, args…)} is not sent at once but kept, and the kept
 * statements go to the database as JDBC batches — one round trip per statement text instead of one
 * per row. Anything else that touches the database (a query, an {@code UPDATE … RETURNING}) first
 * sends what is kept, so a projection always reads its own writes.
 *
 * <p>Kept statements are sent in this order: every {@code INSERT} text in the order it was first
 * kept, then every other text in the order it was first kept; statements of one text keep their
 * order. The projections' writes allow that: an update never precedes the insert of its row, and
 * updates of one row by different statement texts touch different columns or add up. A rebuild keeps its
 * batches with {@code copyInserts}: plain inserts are then loaded with {@code COPY} ({@link CopyInserts}),
 * while upserts, updates and inserts with expressions stay JDBC batches. Outside a
 * batch, and on every other thread, it is a plain {@code JdbcTemplate}.
 */
public class BatchingJdbcTemplate extends JdbcTemplate {

    private static final class Batch {
        final Map<String, List<Object[]>> inserts = new LinkedHashMap<>();
        final Map<String, List<Object[]>> others = new LinkedHashMap<>();
        final Map<String, Map<Object, Object>> memos = new HashMap<>();
        final Map<String, Runnable> beforeSending = new LinkedHashMap<>();
        final boolean copyInserts;
        boolean sending;
        int kept;

        Batch(boolean copyInserts) {
            this.copyInserts = copyInserts;
        }
    }

    private final ThreadLocal<Batch> batch = new ThreadLocal<>();
    private final AtomicLong copiedRows = new AtomicLong();

    public BatchingJdbcTemplate(DataSource dataSource) {
        super(dataSource);
    }

    /**
     * Runs {@code work} with updates kept and sent together at its end (inside the caller's
     * transaction). On failure nothing kept is sent.
     */
    public <T> T deferring(Supplier<T> work) {
        return deferring(work, false);
    }

    /**
     * Like {@link #deferring(Supplier)}; with {@code copyInserts}, the kept rows of a plain insert go to the
     * database with one {@code COPY} per statement text instead of a JDBC batch, where {@link CopyInserts}
     * can write them exactly (else as a batch). For loading a schema no one reads yet: a rebuild's.
     */
    public <T> T deferring(Supplier<T> work, boolean copyInserts) {
        if (batch.get() != null) {
            return work.get();
        }
        batch.set(new Batch(copyInserts));
        try {
            T result = work.get();
            send();
            return result;
        } finally {
            batch.remove();
        }
    }

    /** Whether this thread is inside {@link #deferring}. */
    public boolean isDeferring() {
        return batch.get() != null;
    }

    /**
     * A map that lives as long as this thread's current batch (empty, and forgotten, outside one): for a
     * projection to remember what it wrote or read earlier in the batch.
     */
    public Map<Object, Object> batchMemo(String name) {
        Batch current = batch.get();
        return current == null ? new HashMap<>() : current.memos.computeIfAbsent(name, n -> new HashMap<>());
    }

    /**
     * Runs {@code flush} once, right before this thread's batch is next sent (at its end, or before a
     * read): for a projection that sums in memory what the batch adds up and writes the sums then. The
     * updates {@code flush} makes are kept and sent with the others. Registering under a name already
     * registered does nothing; once run, a flush must be registered again. Outside a batch it runs at once.
     */
    public void beforeSending(String name, Runnable flush) {
        Batch current = batch.get();
        if (current == null) {
            flush.run();
            return;
        }
        current.beforeSending.putIfAbsent(name, flush);
    }

    /**
     * Runs a read without sending the kept statements first: for a read the caller knows no kept
     * statement can change.
     */
    public <T> T withoutSending(Supplier<T> read) {
        Batch current = batch.get();
        if (current == null || current.sending) {
            return read.get();
        }
        current.sending = true;
        try {
            return read.get();
        } finally {
            current.sending = false;
        }
    }

    @Override
    public int update(String sql, Object... args) throws DataAccessException {
        Batch current = batch.get();
        if (current == null || current.sending) {
            return super.update(sql, args);
        }
        boolean insert = sql.stripLeading().toUpperCase(Locale.ROOT).startsWith("INSERT");
        (insert ? current.inserts : current.others).computeIfAbsent(sql, s -> new ArrayList<>())
                .add(args == null ? new Object[0] : args.clone());
        current.kept++;
        return 1;
    }

    /** Sends what this thread's batch keeps. */
    public void send() {
        Batch current = batch.get();
        if (current == null || current.sending) {
            return;
        }
        if (!current.beforeSending.isEmpty()) {
            List<Runnable> flushes = new ArrayList<>(current.beforeSending.values());
            current.beforeSending.clear();
            flushes.forEach(Runnable::run);
        }
        if (current.kept == 0) {
            return;
        }
        current.sending = true;
        try {
            for (Map<String, List<Object[]>> group : List.of(current.inserts, current.others)) {
                for (Map.Entry<String, List<Object[]>> statement : group.entrySet()) {
                    if (group == current.inserts && current.copyInserts && statement.getValue().size() > 1
                            && copied(statement.getKey(), statement.getValue())) {
                        continue;
                    }
                    if (statement.getValue().size() == 1) {
                        super.update(statement.getKey(), statement.getValue().get(0));
                    } else {
                        super.batchUpdate(statement.getKey(), statement.getValue());
                    }
                }
            }
            current.inserts.clear();
            current.others.clear();
            current.kept = 0;
        } finally {
            current.sending = false;
        }
    }

    /** Rows this template has loaded with {@code COPY} since it was made. */
    public long copiedRows() {
        return copiedRows.get();
    }

    /** Sends the rows of an insert with {@code COPY}; false, having sent nothing, when it must stay a batch. */
    private boolean copied(String insert, List<Object[]> rows) {
        Optional<String> copy = CopyInserts.copyStatement(insert);
        if (copy.isEmpty()) {
            return false;
        }
        byte[] data = CopyInserts.encode(rows);
        if (data == null) {
            return false;
        }
        super.execute((ConnectionCallback<Void>) connection -> {
            CopyInserts.copy(connection, copy.get(), data, rows.size());
            return null;
        });
        copiedRows.addAndGet(rows.size());
        return true;
    }

    // Everything below reaches the database: what the batch keeps is sent first.

    @Override
    public <T> T execute(ConnectionCallback<T> action) throws DataAccessException {
        send();
        return super.execute(action);
    }

    @Override
    public <T> T execute(StatementCallback<T> action) throws DataAccessException {
        send();
        return super.execute(action);
    }

    @Override
    public void execute(String sql) throws DataAccessException {
        send();
        super.execute(sql);
    }

    @Override
    public <T> T execute(PreparedStatementCreator psc, PreparedStatementCallback<T> action)
            throws DataAccessException {
        send();
        return super.execute(psc, action);
    }

    @Override
    public <T> T query(PreparedStatementCreator psc, PreparedStatementSetter pss, ResultSetExtractor<T> rse)
            throws DataAccessException {
        send();
        return super.query(psc, pss, rse);
    }

    @Override
    public <T> T query(String sql, ResultSetExtractor<T> rse) throws DataAccessException {
        send();
        return super.query(sql, rse);
    }

    @Override
    public int update(String sql) throws DataAccessException {
        send();
        return super.update(sql);
    }

    @Override
    protected int update(PreparedStatementCreator psc, PreparedStatementSetter pss) throws DataAccessException {
        send();
        return super.update(psc, pss);
    }
}
