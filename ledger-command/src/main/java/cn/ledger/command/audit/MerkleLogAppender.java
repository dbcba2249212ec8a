package cn.ledger.command.audit;

import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends every stored event to the Merkle log, in the order the event store lets readers see them:
 * commit order (an event is readable only once every older transaction has finished). Runs in a
 * streaming processor with one segment, so leaves are appended one at a time, in the same transaction
 * as the processor's token: a leaf is never lost, doubled or reordered.
 *
 * <p>The leaf is computed from the row as stored, byte for byte, not from the event as deserialised.
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
public class MerkleLogAppender {

    public static final String PROCESSING_GROUP = "merkle-log";

    private final JdbcTemplate jdbc;
    private final StoredEvents events;

    public MerkleLogAppender(JdbcTemplate jdbc, StoredEvents events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @EventHandler
    public void append(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?>)) {
            return;
        }
        StoredEvents.Row row = events.byEventId(message.getIdentifier())
                .orElseThrow(() -> new IllegalStateException("event " + message.getIdentifier() + " is not stored"));
        if (row.leafIndex() != null) {
            return;                                            // already in the log (a replayed batch)
        }
        jdbc.update("""
                INSERT INTO merkle_leaf (leaf_index, global_index, event_identifier, leaf_hash, appended_at)
                SELECT COALESCE(MAX(leaf_index) + 1, 0), ?, ?, ?, ? FROM merkle_leaf""",
                row.globalIndex(), row.event().eventId(), row.event().leafHash(), Timestamp.from(Instant.now()));
    }
}
