package cn.ledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.ProjectionKafkaConfig;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import cn.ledger.security.health.TimeLimitedHealthIndicator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests whose parameters lie outside the documented ranges are 400 problems naming the parameter,
 * answered before any work proportional to the value; health answers DOWN when the consumer of the
 * ledger's events is not running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BoundedRequestsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Not a timing assertion: keeps a request that would spin (as it once did) from holding the build. */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(60);

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
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    Environment environment;
    @Autowired
    org.springframework.context.ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void parametersOutsideTheirRangeAreProblemsNamingThem() throws Exception {
        String p = "bq-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String unit = p + "office";
        String cadre = p + "c1";
        publish("Unit", unit, 0, new UnitRegistered(unit, "办公室", UnitCategory.DISTRICT_DEPARTMENT, null,
                LocalDate.parse("2015-01-01")));
        publish("Cadre", cadre, 0, new CadreRegistered(cadre, "干部", unit, "科员", "乡科副",
                LocalDate.parse("2016-01-01"), "四级主任科员", LocalDate.parse("2016-01-01"),
                LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2016-01-01")));
        String reviewer = tokens.mint("it-reviewer", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null);
        String self = tokens.mint(cadre, List.of(Role.CADRE), List.of(), cadre);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                send("/api/v1/cadres/" + cadre + "/eligibility?purpose=RANK_PROMOTION&asOf=2024-06-30", reviewer)
                        .statusCode()).isEqualTo(200));

        String eligibility = "/api/v1/cadres/" + cadre + "/eligibility?purpose=RANK_PROMOTION";
        String roster = "/api/v1/units/" + unit + "/eligibility-roster";
        problem(eligibility + "&asOf=%2B999999999-12-31", reviewer, "asOf");
        problem(eligibility + "&asOf=%2B999999999-12-31", self, "asOf");
        problem(eligibility + "&asOf=1899-12-31", self, "asOf");
        problem(eligibility + "&knownAt=-1000000000-01-01T00:00:00Z", reviewer, "knownAt");
        problem("/api/v1/cadres/" + cadre + "/eligibility?purpose=AWARD&asOf=2024-06-30&from=0001-01-01", reviewer,
                "from");
        problem("/api/v1/cadres/" + cadre + "/dossier?knownAt=-1000000000-01-01T00:00:00Z", reviewer, "knownAt");
        problem("/api/v1/cadres/" + cadre + "/dossier?asOf=%2B999999999-12-31", self, "asOf");
        problem("/api/v1/cadres/" + cadre + "/entries/totals?to=9999-12-31", reviewer, "to");
        for (String export : List.of("", ".csv", ".xlsx")) {
            problem(roster + export + "?purpose=RANK_PROMOTION&asOf=%2B999999999-12-31", reviewer, "asOf");
            problem(roster + export + "?purpose=RANK_PROMOTION&asOf=2201-01-01", reviewer, "asOf");
            problem(roster + export + "?purpose=RANK_PROMOTION&knownAt=%2B1000000000-12-31T23:59:59Z", reviewer, "knownAt");
        }
        problem(roster + "?purpose=RANK_PROMOTION&size=501", reviewer, "size");
        problem(roster + "?purpose=RANK_PROMOTION&page=2147483647", reviewer, "page");
        problem("/api/v1/streams/" + cadre + "/records?limit=1001", reviewer, "limit");
        problem("/api/v1/cards/totals?quarter=0000-Q1", reviewer, "quarter");
        problem("/api/v1/interviews/counts?unitId=" + "u".repeat(4_500), reviewer, "unitId");
        problem("/api/v1/cadres/" + "c".repeat(65) + "/dossier", reviewer, "cadreId");

        // the bounds are inclusive: the first and last day served are answered
        assertThat(send(eligibility + "&asOf=2200-12-31", self).statusCode()).isEqualTo(200);
        assertThat(send(roster + ".csv?purpose=RANK_PROMOTION&asOf=1900-01-01", reviewer).statusCode()).isEqualTo(200);
    }

    @Test
    void theDatabaseAndListenerChecksAreTimeLimited() {
        var contributors = context.getBeansOfType(org.springframework.boot.health.contributor.HealthContributor.class);
        assertThat(contributors).containsKeys("dbHealthContributor", "kafkaListenerHealthIndicator");
        assertThat(contributors.get("dbHealthContributor")).isInstanceOf(TimeLimitedHealthIndicator.class);
        assertThat(contributors.get("kafkaListenerHealthIndicator")).isInstanceOf(TimeLimitedHealthIndicator.class);
    }

    @Test
    void healthIsDownWhileTheConsumerOfTheLedgersEventsIsStopped() throws Exception {
        assertThat(health("/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health("/actuator/health").path("status").asText()).isEqualTo("UP"));
        MessageListenerContainer live = listeners.getListenerContainer(ProjectionKafkaConfig.LIVE_LISTENER);
        live.stop();
        try {
            JsonNode health = health("/actuator/health");
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health("/actuator/health/readiness").path("status").asText()).isEqualTo("DOWN");
            assertThat(health("/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        } finally {
            live.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health("/actuator/health/readiness").path("status").asText()).isEqualTo("UP"));
    }

    private JsonNode health(String path) throws Exception {
        HttpResponse<String> response = send(path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isIn(200, 503);
        return JSON.readTree(response.body());
    }

    private void problem(String path, String token, String field) throws Exception {
        HttpResponse<String> response = send(path, token);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(response.body()).as(path).contains("urn:ledger:problem:validation")
                .contains("\"field\":\"" + field + "\"").doesNotContain("Exception");
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + environment.getProperty("local.server.port") + path)).timeout(REQUEST_BOUND);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publish(String aggregate, String subject, long sequence, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregate, subject, sequence,
                Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }
}
