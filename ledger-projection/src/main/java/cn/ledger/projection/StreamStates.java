package cn.ledger.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far a projection has applied each stream, read from the two tables the applier keeps:
 * {@code stream_position} (the last sequence applied per stream) and {@code parked_event} (records
 * waiting for a re-drive). One place that every answer asks, so that each can say on what it rests:
 * whether it is complete ({@link #completeness}), and up to which sequence each stream it used was
 * applied ({@link #appliedSequence}).
 */
public class StreamStates {

    /** Per stream with parked records: the first missing sequence, how many, since when, why. */
    private static final String MISSING = """
            SELECT p.stream_id, count(*) AS records, min(p.parked_at) AS since,
                   (array_agg(p.reason ORDER BY p.poison DESC, p.partition_no, p.record_offset))[1] AS reason,
                   (array_agg(p.event_id ORDER BY p.poison DESC, p.partition_no, p.record_offset))[1] AS event_id,
                   (array_agg(p.event_type ORDER BY p.poison DESC, p.partition_no, p.record_offset))[1] AS event_type,
                   (SELECT s.last_sequence FROM stream_position s WHERE s.stream_id = p.stream_id) AS last_sequence
              FROM parked_event p
            """;

    private final JdbcTemplate jdbc;

    public StreamStates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the given streams are complete, and if not which of their records are missing. */
    public Completeness completeness(Collection<String> streams) {
        if (streams.isEmpty()) {
            return Completeness.COMPLETE;
        }
        return Completeness.of(jdbc.query(MISSING + " WHERE p.stream_id = ANY (?) GROUP BY p.stream_id ORDER BY p.stream_id",
                (rs, i) -> missing(rs), (Object) streams.stream().distinct().toArray(String[]::new)));
    }

    /** Every stream with parked records: for answers that rest on the whole read model (rankings, tallies). */
    public Completeness completenessOfAll() {
        return Completeness.of(jdbc.query(MISSING + " GROUP BY p.stream_id ORDER BY p.stream_id",
                (rs, i) -> missing(rs)));
    }

    /** The last sequence of the stream applied to the read model; empty when none was. */
    public Optional<Long> appliedSequence(String streamId) {
        return appliedSequences(List.of(streamId)).values().stream().findFirst();
    }

    /** The last sequence applied per stream, for those of the given streams with any applied. */
    public Map<String, Long> appliedSequences(Collection<String> streams) {
        Map<String, Long> applied = new LinkedHashMap<>();
        if (!streams.isEmpty()) {
            jdbc.query("SELECT stream_id, last_sequence FROM stream_position WHERE stream_id = ANY (?) ORDER BY stream_id",
                    rs -> {
                        applied.put(rs.getString(1), rs.getLong(2));
                    }, (Object) streams.stream().distinct().toArray(String[]::new));
        }
        return applied;
    }

    /** Streams with parked records, parked records, and when the oldest was parked (null when none). */
    public record ParkedSummary(int streams, int records, Instant oldestSince) {}

    public ParkedSummary parkedSummary() {
        return jdbc.queryForObject("SELECT count(DISTINCT stream_id), count(*), min(parked_at) FROM parked_event",
                (rs, i) -> {
                    Timestamp oldest = rs.getTimestamp(3);
                    return new ParkedSummary(rs.getInt(1), rs.getInt(2), oldest == null ? null : oldest.toInstant());
                });
    }

    private static Completeness.Missing missing(java.sql.ResultSet rs) throws java.sql.SQLException {
        long last = rs.getLong("last_sequence");
        long from = rs.wasNull() ? 0 : last + 1;
        return new Completeness.Missing(rs.getString("stream_id"), from, rs.getInt("records"),
                rs.getTimestamp("since").toInstant(), rs.getString("reason"), rs.getString("event_id"),
                rs.getString("event_type"));
    }
}
