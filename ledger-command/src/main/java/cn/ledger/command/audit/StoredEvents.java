package cn.ledger.command.audit;

import cn.ledger.contract.audit.StoredEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads events exactly as the event store holds them. */
@Repository
public class StoredEvents {

    /** A stored event with where it sits in the store and in the Merkle log, and the leaf hash logged for it. */
    public record Row(long globalIndex, Long leafIndex, StoredEvent event, byte[] leafHash) {}

    private static final String COLUMNS = """
            SELECT e.global_index, l.leaf_index, l.leaf_hash, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,
                   e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data
              FROM domain_event_entry e LEFT JOIN merkle_leaf l ON l.event_identifier = e.event_identifier""";

    private final JdbcTemplate jdbc;

    public StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> byEventId(String eventId) {
        return jdbc.query(COLUMNS + " WHERE e.event_identifier = ?", this::row, eventId).stream().findFirst();
    }

    /** The whole ledger in global order from a position. */
    /** The stored rows of these events, by event id (absent ones are missing). */
    public java.util.Map<String, Row> byEventIds(List<String> eventIds) {
        java.util.Map<String, Row> rows = new java.util.HashMap<>();
        jdbc.query(COLUMNS + " WHERE e.event_identifier = ANY (?)", this::row, (Object) eventIds.toArray(String[]::new))
                .forEach(r -> rows.put(r.event().eventId(), r));
        return rows;
    }

    public List<Row> fromPosition(long from, int limit) {
        return jdbc.query(COLUMNS + " WHERE e.global_index >= ? ORDER BY e.global_index LIMIT ?", this::row, from, limit);
    }

    /** One stream's events in order from a sequence number. */
    public List<Row> stream(String streamId, long fromSequence, int limit) {
        return jdbc.query(COLUMNS + " WHERE e.aggregate_identifier = ? AND e.sequence_number >= ? "
                + "ORDER BY e.sequence_number LIMIT ?", this::row, streamId, fromSequence, limit);
    }

    /** The events of the Merkle log's first {@code treeSize} leaves, in leaf order. */
    public List<Row> logged(long fromLeaf, long toLeaf) {
        return jdbc.query("""
                SELECT e.global_index, l.leaf_index, l.leaf_hash, e.event_identifier, e.aggregate_identifier, e.sequence_number,
                       e.type, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data
                  FROM merkle_leaf l JOIN domain_event_entry e ON e.event_identifier = l.event_identifier
                 WHERE l.leaf_index >= ? AND l.leaf_index < ? ORDER BY l.leaf_index""", this::row, fromLeaf, toLeaf);
    }

    private Row row(ResultSet rs, int i) throws SQLException {
        long leaf = rs.getLong("leaf_index");
        Long leafIndex = rs.wasNull() ? null : leaf;
        return new Row(rs.getLong("global_index"), leafIndex, new StoredEvent(
                rs.getString("event_identifier"), rs.getString("aggregate_identifier"), rs.getLong("sequence_number"),
                rs.getString("type"), rs.getString("time_stamp"), rs.getString("payload_type"),
                rs.getString("payload_revision"), rs.getBytes("payload"), rs.getBytes("meta_data")), rs.getBytes("leaf_hash"));
    }
}
