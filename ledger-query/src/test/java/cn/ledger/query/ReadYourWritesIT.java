package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.ConsistencyToken;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.NegativeFinding;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Read your writes: a query that hands back what a command wrote (its consistency token, or a
 * {@code minSequence} of the path's stream) is answered only once the read model holds it, within a
 * bound; past the bound it is refused, never answered without it.
 *
 * <p>The events are published as ledger-command's publisher does, and the query is sent the moment the
 * broker has acknowledged them, with the token ledger-command answers for that position.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadYourWritesIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("ledger.security.mode", () -> "local");
        registry.add("ledger.read-your-writes.max-wait", () -> "10s");
    }

    @Autowired
    LocalTokens tokens;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();
    final Random random = new Random();

    @Test
    void aQueryRightAfterACommandWithItsTokenSeesTheCommand() throws Exception {
        long seed = random.nextLong();
        random.setSeed(seed);
        String unit = "ryw-u-" + UUID.randomUUID();
        String cadre = "ryw-c-" + UUID.randomUUID();
        publish(unit, "Unit", new UnitRegistered(unit, "单位", UnitCategory.STREET_OFFICE, null,
                LocalDate.parse("2020-01-01")));
        LedgerEnvelope registered = publish(cadre, "Cadre", new CadreRegistered(cadre, "干部", unit, "科员", "乡科副",
                LocalDate.parse("2020-01-01"), "四级主任科员", LocalDate.parse("2020-01-01"),
                LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2020-01-01")));
        // a token naming two streams: both registrations
        HttpResponse<String> first = send("/api/v1/cadres/" + cadre + "/dossier", Map.of(ConsistencyToken.HEADER,
                new ConsistencyToken(Map.of(unit, 0L, cadre, registered.sequence())).encode()));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        for (int i = 0; i < 40; i++) {
            String entryId = UUID.randomUUID().toString();
            LocalDate day = LocalDate.parse("2023-01-01").plusDays(random.nextInt(365));
            BigDecimal points = BigDecimal.valueOf(1 + random.nextInt(20), 1);
            LedgerEnvelope written = publish(cadre, "Cadre", new NegativeEntryRecorded(cadre, entryId, "平安建设",
                    points, "第 " + i + " 条", List.of("证据 " + i), day, NegativeFinding.OTHER));
            String token = token(written);
            // the three ways to ask: the token as a header, as a parameter, a minSequence of the path's stream
            HttpResponse<String> response = switch (i % 3) {
                case 0 -> send("/api/v1/cadres/" + cadre + "/dossier", Map.of(ConsistencyToken.HEADER, token));
                case 1 -> send("/api/v1/cadres/" + cadre + "/dossier?consistency=" + encode(token), Map.of());
                default -> send("/api/v1/cadres/" + cadre + "/dossier?minSequence=" + written.sequence(), Map.of());
            };
            assertThat(response.statusCode()).as("seed " + seed + ", round " + i + ": " + response.body())
                    .isEqualTo(200);
            JsonNode dossier = JSON.readTree(response.body());
            assertThat(dossier.path("entries").findValuesAsText("entryId"))
                    .as("seed " + seed + ", round " + i + ": the entry just recorded").contains(entryId);
            assertThat(dossier.at("/judgedOn/sequence").asLong()).isGreaterThanOrEqualTo(written.sequence());
            assertThat(response.headers().firstValue("Ledger-Applied").orElseThrow())
                    .isEqualTo(cadre + "=" + written.sequence());
            assertThat(dossier.path("ledgerApplied").findValuesAsText("streamId")).containsExactly(cadre);

            // an answer over the unit (the path names the unit's stream; the token the cadre's)
            HttpResponse<String> roster = send("/api/v1/units/" + unit + "/eligibility-roster?purpose=RANK_PROMOTION",
                    Map.of(ConsistencyToken.HEADER, token));
            assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
            assertThat(roster.headers().firstValue("Ledger-Applied").orElseThrow())
                    .contains(unit + "=0").contains(cadre + "=" + written.sequence());
        }
    }

    @Test
    void aPositionNeverWrittenIsRefusedOnceTheBoundHasPassed() throws Exception {
        String cadre = "ryw-never-" + UUID.randomUUID();
        for (String path : List.of("/api/v1/cadres/" + cadre + "/dossier?wait=PT0.5S",
                "/api/v1/cards/totals?quarter=2023-Q3&wait=500ms")) {
            HttpResponse<String> response = send(path, Map.of(ConsistencyToken.HEADER,
                    ConsistencyToken.of(cadre, 1_000_000).encode()));
            assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:ledger:problem:not-yet-applied");
            assertThat(problem.at("/requested/" + cadre).asLong()).isEqualTo(1_000_000);
            // nothing about how far the stream was applied: the caller's scope is not checked yet
            assertThat(problem.has("applied")).isFalse();
            assertThat(response.headers().firstValue("Ledger-Applied")).isEmpty();
        }
        // no wait given: the configured bound
        HttpResponse<String> bounded = send("/api/v1/cadres/" + cadre + "/dossier?minSequence=7", Map.of());
        assertThat(bounded.statusCode()).as(bounded.body()).isEqualTo(503);
    }

    @Test
    void badTokensAndPositionsAreRefusedNamingTheParameter() throws Exception {
        String cadre = "ryw-bad-" + UUID.randomUUID();
        String dossier = "/api/v1/cadres/" + cadre + "/dossier";
        assertBad(send(dossier + "?consistency=not-a-token", Map.of()), "consistency");
        assertBad(send(dossier + "?consistency=v1.%25%25%25", Map.of()), "consistency");
        assertBad(send(dossier, Map.of(ConsistencyToken.HEADER, "v1.bm8tY29sb24")), "Ledger-Consistency");
        assertBad(send(dossier, Map.of(ConsistencyToken.HEADER, "v1.YTotMQ")), "Ledger-Consistency");
        assertBad(send(dossier + "?minSequence=-1", Map.of()), "minSequence");
        assertBad(send(dossier + "?minSequence=abc", Map.of()), "minSequence");
        assertBad(send("/api/v1/cards/totals?quarter=2023-Q3&minSequence=3", Map.of()), "minSequence");
        assertBad(send(dossier + "?minSequence=0&wait=PT1H", Map.of()), "wait");
        assertBad(send(dossier + "?minSequence=0&wait=soon", Map.of()), "wait");

        // a refused query says nothing of the stream's position
        HttpResponse<String> unknown = send(dossier, Map.of());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Ledger-Applied")).isEmpty();
    }

    private static void assertBad(HttpResponse<String> response, String parameter) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly(parameter);
    }

    private static String token(LedgerEnvelope written) {
        return ConsistencyToken.of(written.subject(), written.sequence()).encode();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private LedgerEnvelope publish(String subject, String aggregateType, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregateType, subject,
                sequences.merge(subject, 1L, Long::sum) - 1, Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
        return envelope;
    }

    private HttpResponse<String> send(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Authorization", "Bearer " + tokens.mint("it-reviewer", List.of(Role.REVIEWER, Role.ADMIN),
                        List.of(Caller.ALL_UNITS), null));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
