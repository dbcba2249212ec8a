package cn.ledger.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes events straight into ledger-command's event store ({@code ledger_command.domain_event_entry}, the
 * table of Axon's JDBC event store as its Flyway migrations create it), with {@code COPY}: the stored form
 * of real events the district's load produced through the API — entries of both signs, payload and
 * metadata byte for byte — each copy on a cadre of the district, at the next sequence number of the
 * cadre's stream, with an event id, entry id and correlation id of its own and a timestamp of now. The
 * global index and the transaction id come from the table's defaults, as for an event the command side
 * appends; every copy of one call is committed in one transaction, so the event readers (the publisher,
 * the Merkle log) see them all at once and then process them like any other stored events.
 *
 * <p>The services must not append to the same cadres while or after events are seeded: the command side
 * keeps recently used aggregates in memory and would not know of the seeded events.
 */
final class SeededEvents {

    private static final String TABLE = "ledger_command.domain_event_entry";
    private static final Pattern CADRE = Pattern.compile("\"cadreId\":\"([^\"]+)\"");
    private static final Pattern ENTRY = Pattern.compile("\"entryId\":\"([^\"]+)\"");
    private static final Pattern CORRELATION = Pattern.compile("\"correlationId\":\"([^\"]+)\"");
    /** Axon's stored timestamp: an ISO instant with milliseconds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** A stored event to copy: its columns, and its payload and metadata cut around the ids a copy replaces. */
    private record Template(String type, String payloadType, String payloadRevision, String[] payload,
            String[] metaData) {}

    private final Limits limits;
    private final List<String> cadres;
    private final List<Template> templates = new ArrayList<>();
    private final long[] nextSequence;
    private long seeded;
    private long serial;

    /** Reads the templates (the district's stored entries) and each cadre's next sequence number. */
    SeededEvents(Limits limits, List<String> cadres) throws SQLException {
        this.limits = limits;
        this.cadres = List.copyOf(cadres);
        this.nextSequence = new long[cadres.size()];
        try (Connection c = limits.connect()) {
            try (PreparedStatement s = c.prepareStatement("SELECT type, payload_type, payload_revision, payload, "
                    + "meta_data, aggregate_identifier FROM " + TABLE + " WHERE payload_type LIKE '%EntryRecorded' ORDER BY global_index "
                    + "LIMIT 200")) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String payload = new String(rs.getBytes(4), StandardCharsets.UTF_8);
                        String meta = rs.getBytes(5) == null ? "{}" : new String(rs.getBytes(5), StandardCharsets.UTF_8);
                        String[] p = cut(payload, CADRE, ENTRY);
                        String[] m = cut(meta, CORRELATION);
                        // a copy goes on another cadre's stream: only events whose stream is their cadre's
                        boolean ownStream = p != null && payload.contains("\"cadreId\":\"" + rs.getString(6) + "\"");
                        if (ownStream && m != null) {
                            templates.add(new Template(rs.getString(1), rs.getString(2), rs.getString(3), p, m));
                        }
                    }
                }
            }
            if (templates.isEmpty()) {
                throw new IllegalStateException("no stored entry to copy: load the district first");
            }
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < this.cadres.size(); i++) {
                at.put(this.cadres.get(i), i);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT aggregate_identifier, max(sequence_number) FROM "
                    + TABLE + " WHERE aggregate_identifier = ANY (?) GROUP BY aggregate_identifier")) {
                Array ids = c.createArrayOf("varchar", this.cadres.toArray());
                s.setArray(1, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        nextSequence[at.get(rs.getString(1))] = rs.getLong(2) + 1;
                    }
                }
            }
        }
    }

    /** How many templates the seeded events are copies of. */
    int templates() {
        return templates.size();
    }

    /** How many events this has written so far. */
    long seeded() {
        return seeded;
    }

    /**
     * Writes {@code count} events in one transaction, the cadres taken in turn; answers the seconds it took
     * (until committed).
     */
    double seed(long count) throws SQLException, IOException {
        long start = System.nanoTime();
        try (Connection c = limits.connect()) {
            c.setAutoCommit(false);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + TABLE + " (event_identifier, "
                    + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
                    + "meta_data) FROM STDIN (FORMAT binary)");
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 21);
                DataOutputStream out = new DataOutputStream(buffer);
                out.write(HEADER);
                out.writeInt(0);
                out.writeInt(0);
                String now = TIMESTAMP.format(Instant.now());
                for (long i = 0; i < count; i++) {
                    int cadre = (int) ((seeded + i) % cadres.size());
                    Template t = templates.get((int) ((seeded + i) / cadres.size() % templates.size()));
                    String cadreId = cadres.get(cadre);
                    String serialId = Long.toString(++serial, 36);
                    out.writeShort(9);
                    text(out, UUID.randomUUID().toString());
                    text(out, cadreId);
                    out.writeInt(8);
                    out.writeLong(nextSequence[cadre]++);
                    text(out, t.type());
                    if ((i & 1023) == 0) {
                        now = TIMESTAMP.format(Instant.now());
                    }
                    text(out, now);
                    text(out, t.payloadType());
                    text(out, t.payloadRevision());
                    text(out, t.payload()[0] + cadreId + t.payload()[1] + "seed-" + serialId + t.payload()[2]);
                    text(out, t.metaData()[0] + "seed-" + serialId + t.metaData()[1]);
                    if (buffer.size() > (1 << 20)) {
                        copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                        buffer.reset();
                    }
                }
                out.writeShort(-1);
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            c.commit();
        }
        seeded += count;
        return (System.nanoTime() - start) / 1e9;
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * {@code text} cut around the value of each pattern's first match, in order (the parts between them);
     * null when a pattern does not match.
     */
    private static String[] cut(String text, Pattern... patterns) {
        String[] parts = new String[patterns.length + 1];
        int from = 0;
        for (int i = 0; i < patterns.length; i++) {
            Matcher m = patterns[i].matcher(text);
            if (!m.find(from)) {
                return null;
            }
            parts[i] = text.substring(from, m.start(1));
            from = m.end(1);
        }
        parts[patterns.length] = text.substring(from);
        return parts;
    }
}
