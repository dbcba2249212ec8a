package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.ConsistencyToken;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CardIssued;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Read your writes on the projector's answers, which are built from many streams: a query waits for the
 * positions its token names (the streams the command wrote), and says in {@code Ledger-Applied} (and
 * {@code ledgerApplied} in a JSON object) how far the projector had applied those streams.
 *
 * <p>The events are published as ledger-command's publisher does and the query sent the moment the broker
 * has acknowledged them, with the token ledger-command answers for that position.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ledger.read-your-writes.max-wait=10s")
class ReadYourWritesIT extends RankingProjectorIT {

    @Test
    void aQueryRightAfterACommandWithItsTokenSeesTheCommand() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String parent = "u-ryw-" + UUID.randomUUID().toString().substring(0, 8);
        String unit = parent + "-1";
        unit(parent, UnitCategory.DISTRICT, null);
        unit(unit, UnitCategory.STREET_OFFICE, parent);
        CardColour[] colours = CardColour.values();
        for (int i = 0; i < 40; i++) {
            String aspect = "方面" + i;
            CardColour colour = colours[random.nextInt(colours.length)];
            LedgerEnvelope written = publish(unit, new CardIssued(unit, UUID.randomUUID().toString(), aspect,
                    "2023-Q3", colour, parent, LocalDate.parse("2023-07-01").plusDays(random.nextInt(92))));
            String token = ConsistencyToken.of(unit, written.sequence()).encode();
            String board = "/api/v1/cards/board?quarter=2023-Q3&issuedBy=" + parent;
            HttpResponse<String> response = i % 2 == 0
                    ? send(board, Map.of(ConsistencyToken.HEADER, token))
                    : send(board + "&consistency=" + URLEncoder.encode(token, StandardCharsets.UTF_8), Map.of());
            assertThat(response.statusCode()).as("seed " + seed + ", round " + i + ": " + response.body())
                    .isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.at("/units/0/cards/" + aspect).asText())
                    .as("seed " + seed + ", round " + i + ": the card just issued").isEqualTo(colour.name());
            assertThat(response.headers().firstValue("Ledger-Applied").orElseThrow())
                    .isEqualTo(unit + "=" + written.sequence());
            assertThat(answer.at("/ledgerApplied/0/streamId").asText()).isEqualTo(unit);
            assertThat(answer.at("/ledgerApplied/0/sequence").asLong()).isEqualTo(written.sequence());

            // a CSV answer says it in the header alone
            HttpResponse<String> csv = send("/api/v1/cards/board.csv?quarter=2023-Q3&issuedBy=" + parent,
                    Map.of(ConsistencyToken.HEADER, token));
            assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Ledger-Applied").orElseThrow())
                    .isEqualTo(unit + "=" + written.sequence());
        }
    }

    @Test
    void aPositionNeverWrittenIsRefusedOnceTheBoundHasPassed() throws Exception {
        String stream = "u-ryw-never-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = send("/api/v1/tallies/monthly/2023-09?wait=PT0.5S",
                Map.of(ConsistencyToken.HEADER, ConsistencyToken.of(stream, 1_000_000).encode()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:ledger:problem:not-yet-applied");
        assertThat(problem.at("/requested/" + stream).asLong()).isEqualTo(1_000_000);
        assertThat(problem.has("applied")).as("nothing about how far an unchecked stream was applied").isFalse();

        // no wait given: the configured bound
        HttpResponse<String> bounded = send("/api/v1/rankings/monthly/2023-09",
                Map.of(ConsistencyToken.HEADER, ConsistencyToken.of(stream, 3).encode()));
        assertThat(bounded.statusCode()).as(bounded.body()).isEqualTo(503);
    }

    @Test
    void badTokensAndPositionsAreRefusedNamingTheParameter() throws Exception {
        String tally = "/api/v1/tallies/monthly/2023-09";
        assertBad(send(tally + "?consistency=not-a-token", Map.of()), "consistency");
        assertBad(send(tally, Map.of(ConsistencyToken.HEADER, "v1.bm8tY29sb24")), "Ledger-Consistency");
        assertBad(send(tally + "?minSequence=3", Map.of()), "minSequence");
        String token = ConsistencyToken.of("u-ryw-x", 0).encode();
        assertBad(send(tally + "?wait=PT1H", Map.of(ConsistencyToken.HEADER, token)), "wait");
    }

    private static void assertBad(HttpResponse<String> response, String parameter) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly(parameter);
    }

    private HttpResponse<String> send(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
