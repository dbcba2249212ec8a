package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The automatic close per review group: a past month closes for a district once the district's own records
 * for it have been quiet, whatever another district still enters. This context closes every past month by
 * schedule, so it works in a database and a consumer group of its own (beside the JVM's shared one, which
 * the other tests close by hand).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReviewGroupScheduleIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "u-rgs-a";
    static final String B = "u-rgs-b";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> OwnDatabase.url("ledger_test_schedule_"));
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("spring.kafka.consumer.group-id", () -> "ranking-projector-review-group-schedule");
        registry.add("ledger.security.mode", () -> "local");
        registry.add("ledger.ranking.close-after", () -> "PT0S");
        registry.add("ledger.ranking.close-quiet", () -> "PT8S");
        registry.add("ledger.ranking.check-interval", () -> "PT0.3S");
        registry.add("ledger.ranking.accountability.command-url", () -> "http://127.0.0.1:9");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    LocalTokens tokens;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();

    @Test
    void aDistrictStillEnteringKeepsItsMonthOpenWhileTheQuietOneClosesByItself() throws Exception {
        publish(A, new UnitRegistered(A, "甲区", UnitCategory.DISTRICT, "u-rgs-city", LocalDate.parse("2020-01-01")));
        publish(B, new UnitRegistered(B, "乙区", UnitCategory.DISTRICT, "u-rgs-city", LocalDate.parse("2020-01-01")));
        for (String office : List.of("u-rgs-a1", "u-rgs-a2", "u-rgs-b1", "u-rgs-b2")) {
            publish(office, new UnitRegistered(office, "单位" + office, UnitCategory.STREET_OFFICE,
                    office.startsWith("u-rgs-a") ? A : B, LocalDate.parse("2020-01-01")));
        }
        evaluation("u-rgs-b1", "90");
        evaluation("u-rgs-b2", "80");
        // A keeps entering September's scores, well within the quiet time of each other, until B has closed.
        int entered = 0;
        JsonNode closedB = null;
        while (closedB == null) {
            evaluation(entered % 2 == 0 ? "u-rgs-a1" : "u-rgs-a2", "85");
            entered++;
            JsonNode b = get("/api/v1/rankings/monthly/2020-09?parentUnitId=" + B);
            if ("FINAL".equals(b.path("status").asText())) {
                closedB = b;
            } else {
                assertThat(entered).as("B's quiet month never closed while A was entering").isLessThan(400);
                Thread.sleep(250);   // A's pace of entry, not a wait for an outcome
            }
        }
        assertThat(closedB.path("version").asInt()).isEqualTo(1);
        assertThat(closedB.path("ranking").findValuesAsText("unitId")).containsExactly("u-rgs-b1", "u-rgs-b2");
        assertThat(jdbc.queryForObject("SELECT closed_by FROM ranking_month WHERE group_id = ? AND month = '2020-09'",
                String.class, B)).isEqualTo("schedule");
        // The latest of A's entries is younger than the quiet time: A's month is open.
        JsonNode openA = get("/api/v1/rankings/monthly/2020-09?parentUnitId=" + A);
        assertThat(openA.path("status").asText()).as("A's month closed with B's").isEqualTo("PROVISIONAL");

        // Once A stops, its month closes by itself too, with everything A entered.
        long aEvaluations = jdbc.queryForObject(
                "SELECT COUNT(*) FROM evaluation WHERE month = '2020-09' AND unit_id LIKE 'u-rgs-a%'", Long.class);
        assertThat(aEvaluations).isEqualTo(entered);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                get("/api/v1/rankings/monthly/2020-09?parentUnitId=" + A).path("status").asText()).isEqualTo("FINAL"));
        JsonNode closedA = get("/api/v1/rankings/monthly/2020-09?parentUnitId=" + A);
        assertThat(closedA.path("version").asInt()).isEqualTo(1);
        assertThat(Instant.parse(closedA.path("closedAt").asText())).isAfter(Instant.parse(closedB.path("closedAt").asText()));
        assertThat(get("/api/v1/rankings/monthly/2020-09/versions?parentUnitId=" + A)).hasSize(1);
        assertThat(get("/api/v1/rankings/monthly/2020-09/versions?parentUnitId=" + B)).hasSize(1);
    }

    void evaluation(String unit, String score) throws Exception {
        publish(unit, new EvaluationScored(unit, UUID.randomUUID().toString(), "2020-09", new BigDecimal(score),
                "督查委", LocalDate.parse("2020-09-28")));
    }

    void publish(String subject, LedgerEvent event) throws Exception {
        long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), "Unit", subject, sequence,
                Instant.now(), "it-assessor", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }

    JsonNode get(String path) throws Exception {
        String token = tokens.mint("it-schedule", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
