package cn.ledger.command.importing;

import cn.ledger.command.config.AxonStorageConfig;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The import rows already in the ledger, by their key: a command sent for a row carries the key as metadata, and
 * the key is written in the same transaction as the events the command appends (a handler interceptor on the
 * command bus, like the Idempotency-Key's), so a row is in the ledger exactly when its key is here. Two uploads of
 * one row racing each other: the second's insert clashes and its command is rolled back.
 */
@Component
class ImportedRows {

    static final String ROW_KEY = "importRowKey";
    static final String JOB_ID = "importJobId";
    static final String STREAM_ID = "importStreamId";

    private final JdbcTemplate jdbc;

    ImportedRows(CommandBus commandBus, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Map<String, Object> metadata = unitOfWork.getMessage().getMetaData();
            Object key = metadata.get(ROW_KEY);
            if (key != null) {
                unitOfWork.onPrepareCommit(u -> jdbc.update(
                        "INSERT INTO import_row (row_key, job_id, stream_id, imported_by) VALUES (?, ?, ?, ?)",
                        key, metadata.get(JOB_ID), metadata.get(STREAM_ID), metadata.get(AxonStorageConfig.RECORDED_BY)));
            }
            return chain.proceed();
        });
    }

    /** The keys among {@code keys} whose rows are in the ledger. */
    Set<String> imported(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += 1000) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 1000));
            found.addAll(jdbc.queryForList("SELECT row_key FROM import_row WHERE row_key = ANY (?)", String.class,
                    (Object) batch.toArray(String[]::new)));
        }
        return found;
    }
}
