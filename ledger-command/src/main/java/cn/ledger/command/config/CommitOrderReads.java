package cn.ledger.command.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * How the event store is read by streaming processors: in global-index order, but only events whose
 * transactions are older than every transaction still running.
 *
 * <p>The global index comes from a sequence, handed out when a transaction inserts, so transactions can
 * commit out of index order: index 11 can be visible while index 10's transaction is still running.
 * Axon then records 10 as a gap and gives up on it after the gap timeout; if that transaction commits
 * later still, its event is never read. Here, index 11 is not read while the transaction that could
 * still commit index 10 runs ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}): readers wait
 * instead of skipping. The only gaps left are sequence values of rolled-back transactions (never
 * filled) and, in a narrow case (a transaction that wrote before it appended, then stalled), a gap the
 * gap timeout covers: the timeout (10 minutes) is longer than any ledger-command transaction may run
 * (the connections' statement and idle-in-transaction timeouts end it first).
 */
final class CommitOrderReads {

    private static final String FIELDS = """
            SELECT global_index, event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                   payload_type, payload_revision, payload, meta_data
              FROM domain_event_entry""";

    private CommitOrderReads() {}

    static PreparedStatement withoutGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(FIELDS + """

                 WHERE global_index > ? AND global_index <= ?
                   AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY global_index ASC""");
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        return statement;
    }

    static PreparedStatement withGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize,
            List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(FIELDS + """

                 WHERE (global_index > ? AND global_index <= ? AND tx_id < pg_snapshot_xmin(pg_current_snapshot()))
                    OR global_index IN (%s)
                 ORDER BY global_index ASC""".formatted(String.join(",", Collections.nCopies(gaps.size(), "?"))));
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }
}
