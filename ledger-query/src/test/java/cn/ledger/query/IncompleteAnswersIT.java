package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.NegativeFinding;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the ledger accepted is applied, whatever its text; and a stream that cannot be applied makes every
 * answer built from it say so, and the health report it, until the fix and the re-drive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IncompleteAnswersIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate AS_OF = LocalDate.parse("2023-12-01");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    LocalTokens tokens;
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

    String bearer() {
        return "Bearer " + tokens.mint("it-operator", List.of(Role.REVIEWER, Role.ADMIN), List.of(Caller.ALL_UNITS),
                null);
    }

    @Test
    void eventsAlreadyStoredWithTextPostgresCannotHoldAreAppliedAndTheSanctionAfterThemBlocks() throws Exception {
        String unit = "ut-u-" + UUID.randomUUID();
        String cadre = "ut-c-" + UUID.randomUUID();
        publish(unit, "Unit", new UnitRegistered(unit, "单位", UnitCategory.STREET_OFFICE, null,
                LocalDate.parse("2020-01-01")));
        publish(cadre, "Cadre", registered(cadre, unit));
        // As today's ledger-command publishes them: an unpaired surrogate and a NUL, as JSON escapes in the data.
        publishRaw(cadre, new NegativeEntryRecorded(cadre, UUID.randomUUID().toString(), "平安建设", BigDecimal.ONE,
                "x @SURROGATE@", List.of("证据 @NUL@"), LocalDate.parse("2023-08-01"), NegativeFinding.OTHER));
        publishRaw(cadre, new InterviewRecorded(cadre, UUID.randomUUID().toString(), unit, InterviewKind.REMINDER,
                "谈话人", "@NUL@ and @SURROGATE@", LocalDate.parse("2023-08-02")));
        SanctionImposed demerit = new SanctionImposed(cadre, UUID.randomUUID().toString(),
                SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委", "违反工作纪律", LocalDate.parse("2023-09-01"));
        publish(cadre, "Cadre", demerit);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(dossier(cadre).path("sanctions").findValuesAsText("sanctionId"))
                        .containsExactly(demerit.sanctionId()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM parked_event WHERE stream_id = ?", Integer.class, cadre))
                .isZero();

        JsonNode dossier = dossier(cadre);
        assertThat(dossier.at("/completeness/complete").asBoolean()).isTrue();
        assertThat(dossier.at("/judgedOn/sequence").asLong()).isEqualTo(3);
        assertThat(dossier.at("/entries/0/summary").asText()).isEqualTo("x \uFFFD");
        assertThat(dossier.at("/interviews/0/reason").asText()).isEqualTo("\uFFFD and \uFFFD");

        JsonNode eligibility = get("/api/v1/cadres/" + cadre + "/eligibility?purpose=RANK_PROMOTION&asOf=" + AS_OF);
        assertThat(eligibility.path("eligible").asBoolean()).isFalse();
        assertThat(failed(eligibility)).contains("influence-period");
        assertThat(eligibility.at("/judgedOn/streamId").asText()).isEqualTo(cadre);
        assertThat(eligibility.at("/judgedOn/sequence").asLong()).isEqualTo(3);
        assertThat(eligibility.at("/completeness/complete").asBoolean()).isTrue();

        // the timeline keeps what was published, byte for byte, beside the stored copy
        JsonNode timeline = get("/api/v1/streams/" + cadre + "/records");
        JsonNode entry = timeline.at("/records/1");
        assertThat(entry.at("/data/summary").asText()).isEqualTo("x \uFFFD");
        assertThat(new String(Base64.getDecoder().decode(entry.path("originalData").asText()), StandardCharsets.UTF_8))
                .contains("x \\ud800").contains("证据 \\u0000");
        assertThat(timeline.at("/records/3/originalData").isNull()).isTrue();
    }

    @Test
    void aRecordParkedForAReadModelRuleMakesHealthAndEveryAnswerSayIncompleteUntilTheRedrive() throws Exception {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION reject_sanction() RETURNS trigger AS $$
                BEGIN
                  IF NEW.decided_by = '违规机关' THEN RAISE EXCEPTION 'decided_by % breaks a read-model rule', NEW.decided_by;
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER reject_sanction BEFORE INSERT ON sanction FOR EACH ROW EXECUTE FUNCTION reject_sanction()");
        String unit = "st-u-" + UUID.randomUUID();
        String cadre = "st-c-" + UUID.randomUUID();
        publish(unit, "Unit", new UnitRegistered(unit, "单位", UnitCategory.STREET_OFFICE, null,
                LocalDate.parse("2020-01-01")));
        publish(cadre, "Cadre", registered(cadre, unit));
        LedgerEnvelope poison = publish(cadre, "Cadre", new SanctionImposed(cadre, UUID.randomUUID().toString(),
                SanctionKind.GOVERNMENT_DEMERIT, null, "违规机关", "违反工作纪律", LocalDate.parse("2023-09-01")));
        publish(cadre, "Cadre", new InterviewRecorded(cadre, UUID.randomUUID().toString(), unit,
                InterviewKind.REMINDER, "谈话人", "提醒", LocalDate.parse("2023-09-02")));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM parked_event WHERE stream_id = ?", Integer.class, cadre)).isEqualTo(2));

        // health: the projection group is STALE (503) and names the stream to an admin; the service stays up
        HttpResponse<String> health = send("/actuator/health/projection", null);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("STALE");
        JsonNode details = JSON.readTree(send("/actuator/health/projection", bearer()).body());
        JsonNode stream = streamIn(details.at("/components/parkedEvents/details/streams"), cadre);
        assertThat(stream).isNotNull();
        assertThat(stream.path("fromSequence").asLong()).isEqualTo(1);
        assertThat(stream.path("parkedRecords").asInt()).isEqualTo(2);
        assertThat(stream.path("reason").asText()).contains("breaks a read-model rule");
        assertThat(details.at("/components/parkedEvents/details/parkedStreams").asInt()).isPositive();
        assertThat(send("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(send("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                meters.get("ledger.projection.parked.records").gauge().value()).isGreaterThanOrEqualTo(2));

        // every answer built from the stream says it is incomplete, naming what is missing
        JsonNode dossier = dossier(cadre);
        assertMissing(dossier.path("completeness"), cadre, poison);
        assertThat(dossier.at("/judgedOn/sequence").asLong()).isZero();
        JsonNode eligibility = get("/api/v1/cadres/" + cadre + "/eligibility?purpose=RANK_PROMOTION&asOf=" + AS_OF);
        // the missing sanction does not block, as far as the answer knows: hence the flag
        assertThat(failed(eligibility)).doesNotContain("influence-period");
        assertMissing(eligibility.path("completeness"), cadre, poison);
        assertThat(eligibility.at("/judgedOn/sequence").asLong()).isZero();
        assertMissing(get("/api/v1/cadres/" + cadre + "/entries/totals").path("completeness"), cadre, poison);
        assertMissing(get("/api/v1/interviews/counts?cadreId=" + cadre).path("completeness"), cadre, poison);
        assertMissing(get("/api/v1/interviews/counts?unitId=" + unit).path("completeness"), cadre, poison);
        assertMissing(get("/api/v1/streams/" + cadre + "/records").path("completeness"), cadre, poison);
        JsonNode roster = get("/api/v1/units/" + unit + "/eligibility-roster?purpose=RANK_PROMOTION&asOf=" + AS_OF);
        assertMissing(roster.path("completeness"), cadre, poison);
        assertThat(roster.at("/cadres/0/complete").asBoolean()).isFalse();
        String csv = send("/api/v1/units/" + unit + "/eligibility-roster.csv?purpose=RANK_PROMOTION&asOf=" + AS_OF,
                bearer()).body();
        assertThat(csv).contains("记录完整性").contains("不完整：" + cadre + "自序号1起缺2条记录");

        // the fix, the re-drive: complete again, and the sanction blocks
        jdbc.execute("DROP TRIGGER reject_sanction ON sanction");
        assertThat(post("/api/v1/admin/parked-events/redrive?streamId=" + cadre).path("redriven").asInt()).isEqualTo(2);
        JsonNode after = get("/api/v1/cadres/" + cadre + "/eligibility?purpose=RANK_PROMOTION&asOf=" + AS_OF);
        assertThat(after.at("/completeness/complete").asBoolean()).isTrue();
        assertThat(after.at("/completeness/missing").size()).isZero();
        assertThat(after.path("eligible").asBoolean()).isFalse();
        assertThat(failed(after)).contains("influence-period");
        assertThat(after.at("/judgedOn/sequence").asLong()).isEqualTo(2);
        assertThat(dossier(cadre).at("/completeness/complete").asBoolean()).isTrue();
        assertThat(get("/api/v1/units/" + unit + "/eligibility-roster?purpose=RANK_PROMOTION&asOf=" + AS_OF)
                .at("/cadres/0/complete").asBoolean()).isTrue();
        assertThat(send("/api/v1/units/" + unit + "/eligibility-roster.csv?purpose=RANK_PROMOTION&asOf=" + AS_OF,
                bearer()).body()).contains("记录完整性,完整").doesNotContain("不完整");
        JsonNode healthAfter = JSON.readTree(send("/actuator/health/projection", bearer()).body());
        assertThat(streamIn(healthAfter.at("/components/parkedEvents/details/streams"), cadre)).isNull();
    }

    private static void assertMissing(JsonNode completeness, String cadre, LedgerEnvelope poison) {
        assertThat(completeness.path("complete").asBoolean()).as(completeness.toString()).isFalse();
        JsonNode missing = streamIn(completeness.path("missing"), cadre);
        assertThat(missing).as(completeness.toString()).isNotNull();
        assertThat(missing.path("fromSequence").asLong()).isEqualTo(1);
        assertThat(missing.path("parkedRecords").asInt()).isEqualTo(2);
        assertThat(missing.path("eventId").asText()).isEqualTo(poison.eventId());
        assertThat(missing.path("reason").asText()).contains("breaks a read-model rule");
        assertThat(Instant.parse(missing.path("since").asText())).isBefore(Instant.now().plusSeconds(1));
    }

    private static JsonNode streamIn(JsonNode list, String streamId) {
        for (JsonNode item : list) {
            if (item.path("streamId").asText().equals(streamId)) {
                return item;
            }
        }
        return null;
    }

    private static List<String> failed(JsonNode eligibility) {
        List<String> rules = new java.util.ArrayList<>();
        eligibility.path("rules").forEach(r -> {
            if (!r.path("passed").asBoolean()) {
                rules.add(r.path("rule").asText());
            }
        });
        return rules;
    }

    private static CadreRegistered registered(String cadre, String unit) {
        return new CadreRegistered(cadre, "干部", unit, "科员", "乡科副", LocalDate.parse("2020-01-01"), "四级主任科员",
                LocalDate.parse("2020-01-01"), LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2020-01-01"));
    }

    private LedgerEnvelope envelope(String subject, String aggregateType, LedgerEvent event) {
        return new LedgerEnvelope(UUID.randomUUID().toString(), aggregateType, subject,
                sequences.merge(subject, 1L, Long::sum) - 1, Instant.now(), "it-recorder", "it", event);
    }

    private LedgerEnvelope publish(String subject, String aggregateType, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = envelope(subject, aggregateType, event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
        return envelope;
    }

    /** A CloudEvent whose data carries {@code \ud800} and {@code \u0000} escapes where the placeholders are. */
    private void publishRaw(String subject, LedgerEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(Topics.LEDGER_EVENTS,
                envelope(subject, "Cadre", event));
        String json = new String(record.value(), StandardCharsets.UTF_8)
                .replace("@SURROGATE@", "\\ud800").replace("@NUL@", "\\u0000");
        kafka.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, null, subject, json.getBytes(StandardCharsets.UTF_8),
                record.headers())).get();
    }

    private JsonNode dossier(String cadre) throws Exception {
        return get("/api/v1/cadres/" + cadre + "/dossier?asOf=" + AS_OF);
    }

    private HttpResponse<String> send(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path, bearer());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
