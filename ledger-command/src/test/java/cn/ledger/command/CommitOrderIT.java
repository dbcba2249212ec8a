package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.Topics;
import cn.ledger.embedded.TestInfrastructure;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Transactions that commit out of global-index order: every committed event reaches the topic, also
 * one whose transaction commits long after the gap timeout (2 s in these tests) would have given up.
 */
class CommitOrderIT extends CommandServiceIT {

    @Test
    void anEventCommittedAfterTheGapTimeoutIsStillPublished() throws Exception {
        String template = "co-t-" + UUID.randomUUID();
        assertThat(registerUnit(template).statusCode()).isEqualTo(201);
        List<String> slowEvents = List.of("slow-" + UUID.randomUUID(), "slow-" + UUID.randomUUID());
        List<String> others;

        try (Connection slow = jdbc.getDataSource().getConnection()) {
            slow.setAutoCommit(false);
            // A transaction takes its global index now and commits only after everything below.
            for (String slowEvent : slowEvents) {
                try (PreparedStatement insert = slow.prepareStatement("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload_revision, payload, meta_data)
                        SELECT ?, ?, 0, type, time_stamp, payload_type, payload_revision, payload, meta_data
                          FROM domain_event_entry WHERE aggregate_identifier = ?""")) {
                    insert.setString(1, slowEvent);
                    insert.setString(2, "co-slow-" + UUID.randomUUID());
                    insert.setString(3, template);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            // Later transactions, with higher indexes, commit first.
            others = IntStream.range(0, 20).mapToObj(i -> "co-" + i + "-" + UUID.randomUUID()).toList();
            for (String unit : others) {
                assertThat(registerUnit(unit).statusCode()).isEqualTo(201);
            }
            Set<String> later = new HashSet<>(eventIds(others));
            try (TopicReader topic = new TopicReader()) {
                // Past the gap timeout: the later events wait for the open transaction rather than pass it.
                topic.readFor(Duration.ofSeconds(5));
                assertThat(topic.seen).doesNotContainAnyElementsOf(later);
                slow.commit();
                Set<String> expected = new HashSet<>(later);
                expected.addAll(slowEvents);
                topic.readUntil(expected, Duration.ofSeconds(60));
                assertThat(topic.seen).containsAll(expected);
            }
        }
    }

    @Test
    void concurrentWritersToManyStreamsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<String> units = IntStream.range(0, 200).mapToObj(i -> "cw-" + i + "-" + UUID.randomUUID()).toList();
            List<CompletableFuture<Integer>> answers = units.stream()
                    .map(u -> CompletableFuture.supplyAsync(() -> {
                        try {
                            return registerUnit(u).statusCode();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, pool)).toList();
            assertThat(answers.stream().map(CompletableFuture::join)).containsOnly(201);
            Set<String> stored = new HashSet<>(eventIds(units));
            assertThat(stored).hasSize(units.size());
            assertThat(awaitPublished(stored)).containsAll(stored);
        } finally {
            pool.shutdownNow();
        }
    }

    private HttpResponse<String> registerUnit(String unitId) throws Exception {
        return post("/api/v1/units", "{\"unitId\":\"" + unitId + "\",\"name\":\"单位\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}");
    }

    private List<String> eventIds(List<String> streams) {
        return jdbc.queryForList("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY (?)",
                String.class, (Object) streams.toArray(String[]::new));
    }

    /** A reader of the whole topic from its start, collecting event ids. */
    static final class TopicReader implements AutoCloseable {
        final Set<String> seen = new HashSet<>();
        final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());

        TopicReader() {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
        }

        void readFor(Duration duration) {
            readUntil(Set.of("never"), duration);
        }

        void readUntil(Set<String> expected, Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (System.nanoTime() < deadline && !seen.containsAll(expected)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(EventCodec.fromRecord(record).eventId());
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Reads the topic from the start until every expected event id is seen (or a minute passes). */
    private Set<String> awaitPublished(Set<String> expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !seen.containsAll(expected)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(EventCodec.fromRecord(record).eventId());
                }
            }
        }
        return seen;
    }
}
