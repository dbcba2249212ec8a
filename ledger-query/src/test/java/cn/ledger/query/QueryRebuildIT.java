package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.SchemaComparison;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ledger-query's read model rebuilt from the start of {@code ledger.events} while events keep arriving
 * and queries keep being answered, switched over by itself once caught up: the rebuilt tables equal
 * the ones they replace, and the service goes on from there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryRebuildIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** When a row was applied or parked, and how often a parked record was retried: bookkeeping, not content. */
    static final Set<String> BOOKKEEPING = Set.of("applied_at", "parked_at", "attempts", "reason");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    cn.ledger.security.LocalTokens tokens;

    /** A reviewer who is also the operator. */
    String bearer() {
        return "Bearer " + tokens.mint("it-operator", List.of(cn.ledger.security.Role.REVIEWER,
                cn.ledger.security.Role.ADMIN), List.of(cn.ledger.security.Caller.ALL_UNITS), null);
    }

    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    DataSource dataSource;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();

    @Test
    void rebuildsWhileServingAndSwitchesToTablesEqualToTheLiveOnes() throws Exception {
        publish("qr-unit", new UnitRegistered("qr-unit", "重建街道", UnitCategory.STREET_OFFICE, null,
                LocalDate.parse("2020-01-01")));
        for (int i = 0; i < 20; i++) {
            recordAFewThings("qr-c" + i);
        }
        awaitEntries("qr-c19", 1);

        JsonNode started = send("POST", "/api/v1/admin/rebuilds", 202);
        String id = started.path("id").asText();
        assertThat(started.path("autoSwitch").asBoolean()).isTrue();

        // Events keep coming, and queries keep being answered, while it rebuilds.
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            for (int i = 20; i < 40; i++) {
                recordAFewThings("qr-c" + i);
            }
        });
        while (!more.isDone()) {
            assertThat(get("/api/v1/cadres/qr-c0/entries/totals").path("cadreId").asText()).isEqualTo("qr-c0");
        }
        more.join();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode status = get("/api/v1/admin/rebuilds/" + id);
            assertThat(status.path("state").asText()).isEqualTo("SWITCHED");
        });
        JsonNode status = get("/api/v1/admin/rebuilds/" + id);
        String retired = status.path("retiredSchema").asText();
        assertThat(retired).isEqualTo("ledger_query_retired_" + id);
        assertThat(status.path("eventsRead").asLong()).isGreaterThanOrEqualTo(1 + 40 * 6);

        // The rebuilt tables hold what the retired live ones held when they stopped.
        awaitEntries("qr-c39", 1);
        assertThat(SchemaComparison.differences(dataSource, "ledger_query", retired, Set.of(), BOOKKEEPING))
                .isEmpty();
        JsonNode dossier = get("/api/v1/cadres/qr-c3/dossier");
        assertThat(dossier.toString()).contains("qr-c3");
        assertThat(get("/api/v1/streams/qr-c3/records").toString()).contains("录入错误");

        // And the service goes on from there, exactly once: counted once, and still once after the live
        // consumer group has committed past the record (nothing of it is left to be applied again).
        RecordMetadata after = publish("qr-c3", new PositiveEntryRecorded("qr-c3", UUID.randomUUID().toString(),
                "基层党建", BigDecimal.ONE, "切换之后", List.of(), LocalDate.parse("2023-11-02")));
        awaitEntries("qr-c3", 2);
        TopicPartition partition = new TopicPartition(after.topic(), after.partition());
        String liveGroup = environment.getProperty("spring.kafka.consumer.group-id");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getProperty("spring.kafka.bootstrap-servers")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(liveGroup).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                return committed != null && committed.offset() > after.offset();
            });
        }
        JsonNode totals = get("/api/v1/cadres/qr-c3/entries/totals");
        assertThat(totals.at("/positive/count").asInt()).as(totals.toString()).isEqualTo(2);
        assertThat(SchemaComparison.differences(dataSource, "ledger_query", retired, Set.of(), BOOKKEEPING))
                .isNotEmpty();
    }

    private void recordAFewThings(String cadre) {
        try {
            publish(cadre, new CadreRegistered(cadre, "干部" + cadre, "qr-unit", "科员", "乡科副",
                    LocalDate.parse("2020-01-01"), "四级主任科员", LocalDate.parse("2020-01-01"),
                    LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2020-01-01")));
            String positive = UUID.randomUUID().toString();
            publish(cadre, new PositiveEntryRecorded(cadre, positive, "项目双进", new BigDecimal("2"), "完成任务",
                    List.of(), LocalDate.parse("2023-09-01")));
            String negative = UUID.randomUUID().toString();
            publish(cadre, new NegativeEntryRecorded(cadre, negative, "平安建设", BigDecimal.ONE, "整改滞后",
                    List.of(), LocalDate.parse("2023-09-05")));
            publish(cadre, new InterviewRecorded(cadre, UUID.randomUUID().toString(), "qr-unit",
                    InterviewKind.REMINDER, "组织部", "提醒", LocalDate.parse("2023-09-06")));
            publish(cadre, new SanctionImposed(cadre, UUID.randomUUID().toString(), SanctionKind.GOVERNMENT_WARNING,
                    null, "监委", "问题", LocalDate.parse("2023-10-01")));
            publish(cadre, new RecordRevoked(cadre, negative, "录入错误", null, LocalDate.parse("2023-10-08")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RecordMetadata publish(String subject, LedgerEvent event) throws Exception {
        long sequence;
        synchronized (sequences) {
            sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        }
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(),
                subject.startsWith("qr-unit") ? "Unit" : "Cadre", subject, sequence, Instant.now(), "it-recorder",
                "it", event);
        return kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get().getRecordMetadata();
    }

    /** Waits for the cadre's positive entries to count {@code positive}, its revoked negative one not counted. */
    private void awaitEntries(String cadre, int positive) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode totals = get("/api/v1/cadres/" + cadre + "/entries/totals");
            assertThat(totals.at("/positive/count").asInt()).as(totals.toString()).isEqualTo(positive);
            assertThat(totals.at("/negative/count").asInt()).as(totals.toString()).isZero();
        });
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode send(String method, String path, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
