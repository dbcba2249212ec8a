package cn.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker the local run keeps: stopped and a new one started on the same directory (on another port, as
 * after a restart that found the old one taken), it has the same cluster, the topic with every record at
 * its offset, and the consumer group's committed offsets — so a projector resumes where it stopped.
 */
class KafkaServerRestartIT {

    private static final String TOPIC = "ledger.events";
    private static final int PARTITIONS = 4;

    record Seen(int partition, long offset, String key, String value) {}

    @Test
    void aBrokerStartedAgainOnItsDirectoryHasTheTopicItsRecordsAndTheCommittedOffsets(@TempDir Path dir) throws Exception {
        Path kafkaDir = dir.resolve("kafka");
        List<Seen> written;
        Map<TopicPartition, Long> endOffsets;
        Map<TopicPartition, OffsetAndMetadata> committed;
        String clusterId;
        try (KafkaServer kafka = KafkaServer.start(0, kafkaDir)) {
            clusterId = kafka.clusterId();
            assertThat(clusterId).isNotBlank();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            }
            written = produce(kafka, 0, 200);
            // a projector has applied the first 120 and committed its positions
            committed = consumeAndCommit(kafka, "ledger-query", 120);
            endOffsets = endOffsets(kafka);
        }
        assertThat(Files.isRegularFile(kafkaDir.resolve("data").resolve("meta.properties"))).isTrue();

        try (KafkaServer kafka = KafkaServer.start(0, kafkaDir)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
                assertThat(admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
                        .hasSize(PARTITIONS);
                assertThat(admin.listConsumerGroupOffsets("ledger-query").partitionsToOffsetAndMetadata().get())
                        .isEqualTo(committed);
            }
            assertThat(endOffsets(kafka)).isEqualTo(endOffsets);
            assertThat(readAll(kafka, written.size())).containsExactlyInAnyOrderElementsOf(written);

            // the group resumes after what it committed: exactly what it had not applied, nothing again
            List<Seen> notApplied = written.stream().filter(s -> s.offset() >= committedOffset(committed, s)).toList();
            assertThat(notApplied).hasSize(written.size() - 120);
            assertThat(consumeFromCommitted(kafka, "ledger-query", notApplied.size()))
                    .containsExactlyInAnyOrderElementsOf(notApplied);

            // and the log goes on at the next offsets
            List<Seen> more = produce(kafka, 200, 10);
            more.forEach(s -> assertThat(s.offset()).isEqualTo(
                    endOffsets.get(new TopicPartition(TOPIC, s.partition())) + more.stream()
                            .filter(o -> o.partition() == s.partition() && o.offset() < s.offset()).count()));
        }
    }

    /** Where the group resumes on the record's partition (a partition it never committed: the beginning). */
    private static long committedOffset(Map<TopicPartition, OffsetAndMetadata> committed, Seen record) {
        OffsetAndMetadata offset = committed.get(new TopicPartition(TOPIC, record.partition()));
        return offset == null ? 0 : offset.offset();
    }

    private static Admin admin(KafkaServer kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static List<Seen> produce(KafkaServer kafka, int from, int count) throws Exception {
        List<Seen> seen = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                String key = "c-" + (i % 13);
                String value = "event-" + i;
                var meta = producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
                seen.add(new Seen(meta.partition(), meta.offset(), key, value));
            }
        }
        return seen;
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaServer kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static KafkaConsumer<String, String> consumer(KafkaServer kafka, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Consumes {@code atLeast} records in the group, commits the position after them and answers the commit. */
    private static Map<TopicPartition, OffsetAndMetadata> consumeAndCommit(KafkaServer kafka, String group, int atLeast) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, group)) {
            consumer.subscribe(List.of(TOPIC));
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (Seen r : poll(consumer, atLeast).subList(0, atLeast)) {
                positions.put(new TopicPartition(TOPIC, r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            consumer.commitSync(positions);
            return consumer.committed(positions.keySet());
        }
    }

    private static List<Seen> consumeFromCommitted(KafkaServer kafka, String group, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, group)) {
            consumer.subscribe(List.of(TOPIC));
            return poll(consumer, expected);
        }
    }

    private static List<Seen> readAll(KafkaServer kafka, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(kafka, null)) {
            Collection<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return poll(consumer, expected);
        }
    }

    /** Polls until at least {@code expected} records came (or a minute passed: what came so far). */
    private static List<Seen> poll(KafkaConsumer<String, String> consumer, int expected) {
        List<Seen> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                seen.add(new Seen(r.partition(), r.offset(), r.key(), r.value()));
            }
        }
        return seen;
    }
}
