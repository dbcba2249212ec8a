package cn.ledger.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * This machine's limits for the same work the system does, measured in the same run against the same
 * PostgreSQL and Kafka: the ceilings every figure is a ratio of.
 */
final class Limits {

    private static final String SCHEMA = "bench_limits";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    Limits(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The name the harness's own connections carry ({@code application_name}), so that their backends can be told apart. */
    static final String APPLICATION_NAME = "ledger-bench";

    Connection connect() throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** A stored event of the given payload type, as the event store holds it: payload and metadata bytes. */
    record StoredPayload(String payloadType, byte[] payload, byte[] metaData) {}

    StoredPayload storedPayload(String payloadTypeLike) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                SELECT payload_type, payload, meta_data FROM ledger_command.domain_event_entry
                 WHERE payload_type LIKE ? ORDER BY global_index DESC LIMIT 1""")) {
            s.setString(1, payloadTypeLike);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no stored event of type " + payloadTypeLike);
                }
                return new StoredPayload(rs.getString(1), rs.getBytes(2), rs.getBytes(3));
            }
        }
    }

    /**
     * Single-row INSERT commits of {@code payload} into a copy of the event table (same columns,
     * constraints and indexes), each in its own transaction, from {@code clients} connections: the
     * ceiling of appending one event per command.
     */
    Load.Result rawInserts(int clients, Duration warmup, Duration duration, StoredPayload payload) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + ".domain_event_entry");
            s.execute("""
                    CREATE TABLE %s.domain_event_entry (
                        global_index         BIGSERIAL    NOT NULL PRIMARY KEY,
                        event_identifier     VARCHAR(255) NOT NULL UNIQUE,
                        aggregate_identifier VARCHAR(255) NOT NULL,
                        sequence_number      BIGINT       NOT NULL,
                        type                 VARCHAR(255),
                        time_stamp           VARCHAR(255) NOT NULL,
                        payload_type         VARCHAR(255) NOT NULL,
                        payload_revision     VARCHAR(255),
                        payload              BYTEA        NOT NULL,
                        meta_data            BYTEA,
                        tx_id                xid8         NOT NULL DEFAULT pg_current_xact_id(),
                        UNIQUE (aggregate_identifier, sequence_number))""".formatted(SCHEMA));
        }
        AtomicLong sequence = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Connection c = connect();
                c.setAutoCommit(true);
                connections.add(c);
                statements.add(c.prepareStatement("INSERT INTO " + SCHEMA + ".domain_event_entry (event_identifier, "
                        + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, "
                        + "payload, meta_data) VALUES (?, ?, ?, 'Cadre', ?, ?, '2', ?, ?)"));
            }
            return Load.closedLoop(clients, warmup, duration, client -> {
                PreparedStatement insert = statements.get(client);
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, "limit-" + client);
                insert.setLong(3, sequence.incrementAndGet());
                insert.setString(4, java.time.Instant.now().toString());
                insert.setString(5, payload.payloadType());
                insert.setBytes(6, payload.payload());
                insert.setBytes(7, payload.metaData());
                return insert.executeUpdate() == 1;
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }

    /** What a plain consumer achieves reading the whole topic from the start, doing nothing with the records. */
    record Consumed(long records, long bytes, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    static Consumed rawConsume(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long target = end.values().stream().mapToLong(Long::longValue).sum();
            long read = 0;
            long start = System.nanoTime();
            long bytes = 0;
            while (read < target) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                read += records.count();
                for (var r : records) {
                    bytes += r.serializedValueSize();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Consumed(read, bytes, seconds);
        }
    }

    /**
     * Follows the topic from its end and reports when each record of stream {@code key} arrives (its
     * {@code ce_sequence} and the arrival time in {@link System#nanoTime()}, and the time the publisher sent
     * it, the record's create time in epoch millis), until {@code running} is cleared.
     */
    static void tail(String bootstrap, String topic, String key, java.util.concurrent.atomic.AtomicBoolean running,
            java.util.function.BiConsumer<Long, Long> arrived, java.util.function.BiConsumer<Long, Long> sent) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        byte[] wanted = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    if (java.util.Arrays.equals(r.key(), wanted)) {
                        var header = r.headers().lastHeader(cn.ledger.contract.EventCodec.H_SEQUENCE);
                        long sequence = Long.parseLong(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
                        arrived.accept(sequence, System.nanoTime());
                        sent.accept(sequence, r.timestamp());
                    }
                }
            }
        }
    }

    /** One primary-key lookup of a cadre row in ledger-query's tables, at a fixed rate: the ceiling of a query. */
    Load.Result rawLookup(double rate, Duration duration, List<String> cadres) throws SQLException {
        int workers = 16;
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                Connection c = connect();
                connections.add(c);
                statements.add(c.prepareStatement("SELECT * FROM ledger_query.cadre WHERE cadre_id = ?"));
            }
            return Load.openLoop(rate, workers, duration, client -> {
                PreparedStatement lookup = statements.get(client);
                lookup.setString(1, cadres.get(ThreadLocalRandom.current().nextInt(cadres.size())));
                try (ResultSet rs = lookup.executeQuery()) {
                    return rs.next();
                }
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
