package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.PostgresServer;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run-local.sh} does across a restart: PostgreSQL, Kafka and the three services on kept
 * directories, stopped and started again (Kafka on another port). The record entered before is served
 * by ledger-query after, counted once; the projectors resume at their committed positions; the topic is
 * complete; ledger-command signs with the same key, so a checkpoint kept from the first run still verifies.
 */
class LocalRestartIT {

    private static final String TOPIC = "ledger.events";

    /** One run of the launcher: the servers on {@code dir} and the services against them. */
    record Run(PostgresServer postgres, KafkaServer kafka, LocalSystem system) implements AutoCloseable {

        static Run start(Path home, Path dir) {
            PostgresServer postgres = PostgresServer.startEmbedded(0, dir.resolve("postgres"));
            KafkaServer kafka = KafkaServer.start(0, dir.resolve("kafka"));
            LocalSystem system = new LocalSystem(home, postgres.createDatabase("ledger"), postgres.user(),
                    postgres.password(), kafka.bootstrapServers(),
                    new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                    dir.resolve("logs"));
            Run run = new Run(postgres, kafka, system);
            try {
                system.start(Duration.ofMinutes(3));
            } catch (RuntimeException e) {
                run.close();
                throw e;
            }
            return run;
        }

        LedgerClient client() {
            return new LedgerClient(system.tokens().mint("restart-recorder", List.of(Role.RECORDER, Role.REVIEWER,
                    Role.AUDITOR), List.of("*"), null));
        }

        String command() {
            return system.command().baseUrl() + "/api/v1";
        }

        String query() {
            return system.query().baseUrl() + "/api/v1";
        }

        @Override
        public void close() {
            system.close();
            kafka.close();
            postgres.close();
        }
    }

    @Test
    void aRecordEnteredBeforeARestartIsThereAfterItCountedOnceAndSignedWithTheSameKey(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        Map<TopicPartition, Long> topicBefore;
        JsonNode kept;
        try (Run run = Run.start(home, dir)) {
            LedgerClient client = run.client();
            client.post(run.command() + "/units", "{\"unitId\":\"u-anning\",\"name\":\"安宁区\",\"category\":\"DISTRICT\","
                    + "\"parentUnitId\":null,\"effectiveDate\":\"2023-01-01\"}").expect(201);
            client.post(run.command() + "/cadres", "{\"cadreId\":\"c-restart\",\"name\":\"重启\",\"unitId\":\"u-anning\","
                    + "\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                    + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                    + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
            entry(client, run, "3", "2023-09-10");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertTotals(client, run, 1, "3"));
            kept = client.get(run.command() + "/audit/checkpoint").expect(200).json();
            topicBefore = endOffsets(run.kafka());
            assertThat(topicBefore.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(3);
        }

        try (Run run = Run.start(home, dir)) {
            LedgerClient client = run.client();
            // the topic as it was, and the projector's positions kept (committed when it stopped): nothing to read again
            assertThat(endOffsets(run.kafka())).isEqualTo(topicBefore);
            Map<TopicPartition, OffsetAndMetadata> positions = committed(run.kafka(), "ledger-query");
            topicBefore.forEach((partition, end) -> {
                if (end > 0) {
                    assertThat(positions.get(partition)).as("ledger-query's position on " + partition)
                            .isEqualTo(new OffsetAndMetadata(end));
                }
            });
            // the record entered before the restart, counted once
            assertTotals(client, run, 1, "3");

            // and it goes on: a new record joins the old one, the old one not applied again
            entry(client, run, "2", "2023-09-11");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertTotals(client, run, 2, "5"));

            // the same signing key: a checkpoint over the grown log (issued in this run, not one stored from the
            // last) is signed with it, and the checkpoint kept from the first run verifies against the served key
            JsonNode latest = await().atMost(Duration.ofSeconds(90)).until(
                    () -> client.get(run.command() + "/audit/checkpoint").expect(200).json(),
                    c -> c.get("treeSize").asLong() > kept.get("treeSize").asLong());
            assertThat(latest.get("keyId").asText()).isEqualTo(kept.get("keyId").asText());
            assertThat(latest.get("publicKey").asText()).isEqualTo(kept.get("publicKey").asText());
            Checkpoint old = new Checkpoint(kept.get("treeSize").asLong(), kept.get("rootHash").asText(),
                    Instant.parse(kept.get("issuedAt").asText()), kept.get("keyId").asText(),
                    kept.get("signature").asText());
            assertThat(old.verify(latest.get("publicKey").asText())).isTrue();
        }
    }

    private static void entry(LedgerClient client, Run run, String points, String date) {
        client.post(run.command() + "/cadres/c-restart/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\","
                + "\"points\":" + points + ",\"summary\":" + q("重启前后") + ",\"effectiveDate\":" + q(date) + "}")
                .expect(201);
    }

    private static void assertTotals(LedgerClient client, Run run, int count, String points) {
        LedgerClient.Response response = client.get(run.query() + "/cadres/c-restart/entries/totals");
        assertThat(response.status()).as(response.body()).isEqualTo(200); // 404 until the cadre is projected
        JsonNode totals = response.json();
        assertThat(totals.at("/positive/count").asLong()).isEqualTo(count);
        assertThat(totals.at("/positive/points").decimalValue()).isEqualByComparingTo(points);
    }

    private static Admin admin(KafkaServer kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaServer kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            int partitions = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(KafkaServer kafka, String group) throws Exception {
        try (Admin admin = admin(kafka)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(TOPIC))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())));
        }
    }
}
