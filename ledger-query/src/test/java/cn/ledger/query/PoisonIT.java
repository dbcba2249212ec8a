package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.ProjectionKafkaConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Poison records: one that cannot be read and one that breaks a read-model rule go to the dead-letter
 * topic with their reason and are counted; the records of the same stream behind them wait; every other
 * stream carries on; after the fix a re-drive applies what was parked, in order and exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PoisonIT {

    static final ObjectMapper JSON = new ObjectMapper();

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
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();

    @Test
    void poisonIsDeadLetteredItsStreamWaitsOthersCarryOnAndARedriveAppliesItOnceAfterTheFix() throws Exception {
        // A read-model rule the next records break (standing in for a projection bug fixed later).
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION reject_poison() RETURNS trigger AS $$
                BEGIN
                  IF NEW.aspect = '毒丸' THEN RAISE EXCEPTION 'aspect % breaks a read-model rule', NEW.aspect; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER reject_poison BEFORE INSERT ON entry FOR EACH ROW EXECUTE FUNCTION reject_poison()");
        double deadLettersBefore = deadLetters();

        String a = "pz-a-" + UUID.randomUUID();
        String b = "pz-b-" + UUID.randomUUID();
        String c = "pz-c-" + UUID.randomUUID();
        publish(a, registered(a));
        LedgerEnvelope poison = publish(a, entry(a, "毒丸"));
        publish(a, entry(a, "基层党建"));                          // waits behind the poison
        publish(b, registered(b));
        // A record nobody can read: a known type whose value is not its JSON.
        kafka.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, null, c, "not json".getBytes(StandardCharsets.UTF_8),
                EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope(c, 0, entry(c, "基层党建"))).headers())).get();
        publish(b, entry(b, "基层党建"));

        // Other streams carry on.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/api/v1/cadres/" + b + "/entries/totals").at("/positive/count").asInt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode parked = get("/api/v1/admin/parked-events");
            assertThat(parked.findValuesAsText("streamId").stream().filter(s -> s.equals(a))).hasSize(2);
            assertThat(parked.findValuesAsText("streamId")).contains(c);
        });
        JsonNode parked = get("/api/v1/admin/parked-events");
        for (JsonNode record : parked) {
            if (record.path("eventId").asText().equals(poison.eventId())) {
                assertThat(record.path("poison").asBoolean()).isTrue();
                assertThat(record.path("reason").asText()).contains("breaks a read-model rule");
            } else if (record.path("streamId").asText().equals(a)) {
                assertThat(record.path("poison").asBoolean()).isFalse();
                assertThat(record.path("reason").asText()).contains("waits behind");
            } else if (record.path("streamId").asText().equals(c)) {
                assertThat(record.path("reason").asText()).contains("cannot read");
            }
        }
        assertThat(deadLetters() - deadLettersBefore).isEqualTo(2.0);
        assertThat(deadLetterReasons()).containsKey(poison.eventId());
        assertThat(get("/api/v1/cadres/" + a + "/entries/totals").at("/positive/count").asInt()).isZero();

        // The fix; then the re-drive applies the stream in order. The unreadable record stays parked.
        jdbc.execute("DROP TRIGGER reject_poison ON entry");
        JsonNode redrive = post("/api/v1/admin/parked-events/redrive");
        assertThat(redrive.path("redriven").asInt()).isEqualTo(2);
        assertThat(redrive.path("failures").findValuesAsText("streamId")).containsExactly(c);
        assertThat(get("/api/v1/cadres/" + a + "/entries/totals").at("/positive/count").asInt()).isEqualTo(2);
        assertThat(post("/api/v1/admin/parked-events/redrive?streamId=" + a).path("redriven").asInt()).isZero();

        // The stream is open again.
        publish(a, entry(a, "项目双进"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/api/v1/cadres/" + a + "/entries/totals").at("/positive/count").asInt()).isEqualTo(3));
        assertThat(get("/api/v1/admin/parked-events").findValuesAsText("streamId")).doesNotContain(a).contains(c);
    }

    private double deadLetters() {
        var counter = meters.find("ledger.projection.dead.letters").counter();
        return counter == null ? 0 : counter.count();
    }

    /** Event id → the reason header of every record on this service's dead-letter topic. */
    private Map<String, String> deadLetterReasons() {
        Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaWithLedgerEvents(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(ProjectionKafkaConfig.deadLetterTopic(environment.getProperty(
                    "spring.kafka.consumer.group-id"))));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && reasons.size() < 2) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader(EventCodec.H_ID);
                    Header reason = record.headers().lastHeader("kafka_dlt-exception-message");
                    reasons.put(id == null ? "?" : new String(id.value(), StandardCharsets.UTF_8),
                            reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }

    private static CadreRegistered registered(String cadre) {
        return new CadreRegistered(cadre, "干部", "pz-unit", "科员", "乡科副", LocalDate.parse("2020-01-01"), "四级主任科员",
                LocalDate.parse("2020-01-01"), LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2020-01-01"));
    }

    private static PositiveEntryRecorded entry(String cadre, String aspect) {
        return new PositiveEntryRecorded(cadre, UUID.randomUUID().toString(), aspect, BigDecimal.ONE, "完成任务",
                List.of(), LocalDate.parse("2023-09-01"));
    }

    private LedgerEnvelope envelope(String subject, long sequence, LedgerEvent event) {
        return new LedgerEnvelope(UUID.randomUUID().toString(), "Cadre", subject, sequence, Instant.now(),
                "it-recorder", "it", event);
    }

    private LedgerEnvelope publish(String subject, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = envelope(subject, sequences.merge(subject, 1L, Long::sum) - 1, event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
        return envelope;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
