package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Caller;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.EndpointMatrix.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to every command endpoint of the access table, by a caller allowed to send them:
 * each is answered 4xx problem+json with a stable type and a detail, never a stack trace or SQL, and
 * the event store does not grow.
 */
class BadInputIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TEXT = Pattern.compile(
            "\"(name|reason|summary|title|outcome|description|post|rank|interviewer|decidedBy|authority|assessor)\":\"[^\"]*\"");
    static final Pattern ENUM = Pattern.compile("\"(kind|polarity|category|colour|stage|outcome|grade)\":\"[A-Z_]+\"");
    static final Pattern DATE = Pattern.compile("\"(effectiveDate|startDate)\":\"[0-9-]+\"");

    /** A malformation and the status it must get; null when it does not apply to the body. */
    record Case(String name, int status, UnaryOperator<String> malform) {}

    static final List<Case> CASES = List.of(
            new Case("truncated JSON", 400, body -> body.substring(0, body.length() / 2)),
            new Case("not an object", 400, body -> "[" + body + "]"),
            new Case("no fields at all", 400, body -> "{}"),
            new Case("a date that does not exist", 400, body -> replace(DATE, body, m -> "\"" + m.group(1) + "\":\"2023-02-30\"")),
            new Case("a date of the wrong type", 400, body -> replace(DATE, body, m -> "\"" + m.group(1) + "\":{\"y\":2023}")),
            new Case("an unknown enum value", 400, body -> replace(ENUM, body, m -> "\"" + m.group(1) + "\":\"NO_SUCH_VALUE\"")),
            new Case("a string far too long", 400, body -> replace(TEXT, body, m -> "\"" + m.group(1) + "\":\"" + "长".repeat(5000) + "\"")),
            new Case("a control character", 400, body -> replace(TEXT, body, m -> "\"" + m.group(1) + "\":\"a\\u0000b\\u001b\"")),
            new Case("a body over 64 KiB", 413, body -> body.substring(0, body.length() - 1) + ",\"pad\":\"" + "x".repeat(70_000) + "\"}"));

    String unit;
    String cadre;

    @BeforeEach
    void unitAndCadre() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        unit = "b-" + p;
        cadre = "b-c-" + p;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"干部\",\"unitId\":\"" + unit
                + "\",\"post\":\"科员\",\"postLevel\":\"乡科副\",\"postSince\":\"2020-01-01\",\"rank\":\"一级科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2010-01-01\",\"grassrootsYears\":1,"
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void everyMalformedCommandIsAProblemAndAppendsNothing() throws Exception {
        String token = token("bad-input", WRITER, List.of(Caller.ALL_UNITS), null);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        long before = storedEvents();
        for (Map.Entry<String, AccessMatrixIT.Rule> rule : AccessMatrixIT.RULES.entrySet()) {
            String[] endpoint = rule.getKey().split(" ", 2);
            if (!"POST".equals(endpoint[0]) || rule.getValue().body() == null) {
                continue;
            }
            String url = url(EndpointMatrix.fill(endpoint[1], Map.of("unitId", unit, "cadreId", cadre)));
            String valid = rule.getValue().body().replace("{unitId}", unit);
            for (Case c : CASES) {
                String body = c.malform().apply(valid);
                if (body == null) {
                    continue;
                }
                sent++;
                check(failures, rule.getKey() + " with " + c.name(), EndpointMatrix.send("POST", url, token, body), c.status());
            }
            sent++;
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());
            check(failures, rule.getKey() + " as text/plain", new Response(plain.statusCode(),
                    plain.headers().firstValue("Content-Type").orElse(null), plain.body()), 415);
        }
        assertThat(failures).isEmpty();
        assertThat(sent).isGreaterThan(200);
        assertThat(storedEvents()).as("events appended by rejected requests").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_command.domain_event_entry", Long.class))
                .isEqualTo(before);
    }

    @Test
    void aMalformedIdInThePathIsAProblemNamingIt() {
        String token = token("bad-input", WRITER, List.of(Caller.ALL_UNITS), null);
        long before = storedEvents();
        Response response = EndpointMatrix.send("POST", url("/api/v1/cadres/bad%20id!/entries"), token,
                AccessMatrixIT.RULES.get("POST /api/v1/cadres/{cadreId}/entries").body());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.body()).contains("urn:ledger:problem:validation").contains("cadreId");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aMissingParameterIsAProblemQuotingTheCorrelationId() throws Exception {
        Response response = EndpointMatrix.send("POST", url("/api/v1/auth/demo-token"), null, null);
        assertThat(response.status()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).startsWith("urn:ledger:problem:");
        assertThat(problem.get("correlationId").asText()).isNotBlank();
    }

    private static void check(List<String> failures, String what, Response response, int status) {
        boolean ok = response.status() == status && response.isProblem();
        if (ok) {
            try {
                JsonNode body = JSON.readTree(response.body());
                ok = body.path("type").asText().startsWith("urn:ledger:problem:") && !body.path("detail").asText().isBlank()
                        && !response.body().contains("Exception") && !response.body().contains("SELECT")
                        && !response.body().contains("\tat ");
            } catch (Exception e) {
                ok = false;
            }
        }
        if (!ok) {
            failures.add(what + ": expected " + status + " problem+json, got "
                    + (response.body().length() > 300 ? response.toString().substring(0, 300) : response));
        }
    }

    private static String replace(Pattern pattern, String body, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            return null;
        }
        return body.substring(0, m.start()) + with.apply(m) + body.substring(m.end());
    }
}
