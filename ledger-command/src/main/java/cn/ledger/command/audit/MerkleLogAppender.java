package cn.ledger.command.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends every stored event to the Merkle log, in the order the event store lets readers see them:
 * commit order (an event is readable only once every older transaction has finished). Runs in a
 * streaming processor with one segment; a batch's leaves are appended together, in the order read, in
 * the same transaction as the processor's token: a leaf is never lost, doubled or reordered.
 *
 * <p>The leaves are written at the end of the batch (its prepare-commit), in one statement: the
 * transaction writes for a moment only, and while it writes no event committed after it has begun
 * may be read by any processor (commit order), the publisher included.
 *
 * <p>The leaf is computed from the row as stored, byte for byte, not from the event as deserialised.
 * The same transaction writes the leaves into the log's tiles ({@link MerkleTiles}), whose size row it
 * locks first: appends are serialised and the tiles always hold exactly the committed leaves.
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
public class MerkleLogAppender {

    public static final String PROCESSING_GROUP = "merkle-log";
    private static final String PENDING = MerkleLogAppender.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final StoredEvents events;
    private final MerkleTiles tiles;

    public MerkleLogAppender(JdbcTemplate jdbc, StoredEvents events, MerkleTiles tiles) {
        this.jdbc = jdbc;
        this.events = events;
        this.tiles = tiles;
    }

    @EventHandler
    public void append(EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?>) {
            pending().add(message.getIdentifier());
        }
    }

    private List<String> pending() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING, key -> {
            List<String> ids = new ArrayList<>();
            root.onPrepareCommit(uow -> appendAll(ids));
            return ids;
        });
    }

    private void appendAll(List<String> eventIds) {
        Map<String, StoredEvents.Row> rows = events.byEventIds(eventIds);
        long size = tiles.lockForAppend();
        long next = size;
        List<byte[]> hashes = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> leaves = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String eventId : eventIds) {
            StoredEvents.Row row = rows.get(eventId);
            if (row == null) {
                throw new IllegalStateException("event " + eventId + " is not stored");
            }
            if (row.leafIndex() != null || !seen.add(eventId)) {
                continue;                                      // already in the log (a replayed batch)
            }
            byte[] hash = row.event().leafHash();
            hashes.add(hash);
            leaves.add(new Object[] {next++, row.globalIndex(), eventId, hash, now});
        }
        if (!leaves.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO merkle_leaf (leaf_index, global_index, event_identifier, leaf_hash, "
                    + "appended_at) VALUES (?, ?, ?, ?, ?)", leaves);
            tiles.append(size, hashes);
        }
    }
}
