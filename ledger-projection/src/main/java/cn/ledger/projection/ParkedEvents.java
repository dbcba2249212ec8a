package cn.ledger.projection;

import cn.ledger.contract.EventCodec;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The records a projection has parked: poison records (they failed every retry; they also went to the
 * dead-letter topic) and the records of the same stream that arrived after them. A stream with a parked
 * record is applied no further until it is re-driven, so no stream is ever applied out of order and
 * the per-stream exactly-once bookkeeping stays sound.
 */
public class ParkedEvents {

    public record Parked(String topic, int partition, long offset, String streamId, String eventId, String eventType,
            String reason, boolean poison, int attempts, Instant parkedAt) {}

    private final JdbcTemplate jdbc;

    public ParkedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Those of the given streams that have parked records. */
    public Set<String> blocked(Collection<String> streams) {
        if (streams.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("SELECT DISTINCT stream_id FROM parked_event WHERE stream_id = ANY (?)",
                String.class, (Object) streams.toArray(String[]::new)));
    }

    /** Parks a record; parking the same record twice changes nothing. */
    public void park(ConsumerRecord<String, byte[]> record, String reason, boolean poison) {
        String type = header(record, EventCodec.H_TYPE);
        jdbc.update("""
                INSERT INTO parked_event (topic, partition_no, record_offset, stream_id, event_id, event_type, record_key,
                    record_value, record_headers, reason, poison, parked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?)
                ON CONFLICT (topic, partition_no, record_offset) DO NOTHING""",
                record.topic(), record.partition(), record.offset(), streamOf(record), header(record, EventCodec.H_ID),
                type, StorableText.clean(record.key()), record.value(), headersJson(record), StorableText.clean(reason),
                poison, Timestamp.from(Instant.now()));
    }

    public List<Parked> all() {
        return jdbc.query("SELECT * FROM parked_event ORDER BY stream_id, partition_no, record_offset",
                (rs, i) -> new Parked(rs.getString("topic"), rs.getInt("partition_no"), rs.getLong("record_offset"),
                        rs.getString("stream_id"), rs.getString("event_id"), rs.getString("event_type"),
                        rs.getString("reason"), rs.getBoolean("poison"), rs.getInt("attempts"),
                        rs.getTimestamp("parked_at").toInstant()));
    }

    public List<String> blockedStreams() {
        return jdbc.queryForList("SELECT DISTINCT stream_id FROM parked_event ORDER BY stream_id", String.class);
    }

    /** A stream's parked records in the order they were read, each locked for its re-drive. */
    List<ConsumerRecord<String, byte[]>> lockStream(String streamId) {
        return jdbc.query("""
                SELECT * FROM parked_event WHERE stream_id = ? ORDER BY partition_no, record_offset FOR UPDATE""",
                (rs, i) -> {
                    RecordHeaders headers = new RecordHeaders();
                    ObjectNode stored;
                    try {
                        stored = (ObjectNode) EventCodec.mapper().readTree(rs.getString("record_headers"));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("unreadable headers of a parked record", e);
                    }
                    stored.fields().forEachRemaining(h -> headers.add(h.getKey(),
                            Base64.getDecoder().decode(h.getValue().asText())));
                    return new ConsumerRecord<>(rs.getString("topic"), rs.getInt("partition_no"),
                            rs.getLong("record_offset"), 0L, TimestampType.NO_TIMESTAMP_TYPE, -1, -1,
                            rs.getString("record_key"), rs.getBytes("record_value"), headers, java.util.Optional.empty());
                }, streamId);
    }

    void release(ConsumerRecord<String, byte[]> record) {
        jdbc.update("DELETE FROM parked_event WHERE topic = ? AND partition_no = ? AND record_offset = ?",
                record.topic(), record.partition(), record.offset());
    }

    void failedAgain(ConsumerRecord<String, byte[]> record, String reason) {
        jdbc.update("""
                UPDATE parked_event SET attempts = attempts + 1, reason = ?, poison = TRUE
                 WHERE topic = ? AND partition_no = ? AND record_offset = ?""",
                StorableText.clean(reason), record.topic(), record.partition(), record.offset());
    }

    static String streamOf(ConsumerRecord<String, byte[]> record) {
        String subject = header(record, EventCodec.H_SUBJECT);
        return subject != null ? subject : record.key() != null ? StorableText.clean(record.key()) : "(no key)";
    }

    static String eventIdOf(ConsumerRecord<String, byte[]> record) {
        return header(record, EventCodec.H_ID);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : StorableText.clean(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String headersJson(ConsumerRecord<String, byte[]> record) {
        ObjectNode json = EventCodec.mapper().createObjectNode();
        for (Header header : record.headers()) {
            json.put(header.key(), Base64.getEncoder().encodeToString(header.value()));
        }
        return json.toString();
    }
}
