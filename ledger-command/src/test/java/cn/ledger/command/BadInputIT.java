package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.ledger.command.config.AxonStorageConfig;
import cn.ledger.command.config.CommandRetries;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.contract.UnitCategory;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.EndpointMatrix.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Malformed requests to every command endpoint of the access table, by a caller allowed to send them:
 * each is answered 4xx problem+json with a stable type and a detail, never a stack trace or SQL, and
 * the event store does not grow.
 */
class BadInputIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern TEXT = Pattern.compile(
            "\"(name|reason|summary|title|outcome|description|post|rank|interviewer|decidedBy|authority|assessor|aspect)\":\"[^\"]*\"");
    static final Pattern ENUM = Pattern.compile("\"(kind|polarity|category|colour|stage|outcome|grade)\":\"[A-Z_]+\"");
    static final Pattern DATE = Pattern.compile("\"(effectiveDate|startDate)\":\"[0-9-]+\"");
    static final Pattern NUMBER = Pattern.compile("\"(points|score|grassrootsYears)\":[0-9]+");

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
            new Case("an unpaired surrogate", 400, body -> replace(TEXT, body, m -> "\"" + m.group(1) + "\":\"x \\ud800\"")),
            new Case("a noncharacter", 400, body -> replace(TEXT, body, m -> "\"" + m.group(1) + "\":\"x\\ufffe\"")),
            new Case("a bidirectional override", 400, body -> replace(TEXT, body, m -> "\"" + m.group(1) + "\":\"\\u202egnp.exe\"")),
            new Case("a key given twice", 400, body -> replace(DATE, body, m -> m.group() + "," + m.group())),
            new Case("a date before 1900", 400, body -> replace(DATE, body, m -> "\"" + m.group(1) + "\":\"1899-12-31\"")),
            new Case("a date after 2200", 400, body -> replace(DATE, body, m -> "\"" + m.group(1) + "\":\"+999999999-12-31\"")),
            new Case("a number too small to store", 400, body -> replace(NUMBER, body, m -> "\"" + m.group(1) + "\":1e-400")),
            new Case("a number too large to store", 400, body -> replace(NUMBER, body, m -> "\"" + m.group(1) + "\":1e400")),
            new Case("a body over 64 KiB", 413, body -> body.substring(0, body.length() - 1) + ",\"pad\":\"" + "x".repeat(70_000) + "\"}"));

    String unit;
    String cadre;

    @Autowired
    CommandGateway gateway;

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

    @Test
    void anUnpairedSurrogateInASummaryIsRefusedNamingItAndAppendsNothing() throws Exception {
        long before = storedEvents();
        String body = "{\"polarity\":\"NEGATIVE\",\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"x \\ud800\","
                + "\"effectiveDate\":\"2023-09-01\"}";
        assertThat(body).as("the surrogate as a JSON escape, six characters").contains("\"x \\ud800\"");
        Response response = send("/api/v1/cadres/" + cadre + "/entries", writer(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("summary");
        assertThat(response.body()).contains("urn:ledger:problem:validation", "U+D800", "unpaired");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aCadreCannotFileAnAppealWhoseReasonIsNotText() throws Exception {
        Response entry = send("/api/v1/cadres/" + cadre + "/entries", writer(), "{\"polarity\":\"NEGATIVE\","
                + "\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"督查发现问题\",\"effectiveDate\":\"2023-09-01\"}");
        assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
        String entryId = JSON.readTree(entry.body()).get("id").asText();
        String self = token(cadre, List.of(Role.CADRE), List.of(), cadre);
        long before = storedEvents();
        Response refused = send("/api/v1/cadres/" + cadre + "/appeals", self, "{\"contestedRecordId\":\"" + entryId
                + "\",\"stage\":\"REVIEW\",\"reason\":\"不服 \\ud800\",\"effectiveDate\":\"2023-09-02\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(fields(refused)).containsExactly("reason");
        assertThat(storedEvents()).isEqualTo(before);
        Response filed = send("/api/v1/cadres/" + cadre + "/appeals", self, "{\"contestedRecordId\":\"" + entryId
                + "\",\"stage\":\"REVIEW\",\"reason\":\"不服\",\"effectiveDate\":\"2023-09-02\"}");
        assertThat(filed.status()).as("the same appeal with a proper reason: " + filed).isEqualTo(201);
    }

    @Test
    void aPostLevelOffTheLadderIsRefusedNamingItAndAppendsNothing() throws Exception {
        long before = storedEvents();
        // a non-leadership position, a level misspelt, one in Latin letters: the eligibility rules know none of them
        for (String level : List.of("科员", "县处级", "xiangke")) {
            String id = "b-l-" + UUID.randomUUID().toString().substring(0, 8);
            Response registered = send("/api/v1/cadres", writer(), cadreBody(id, unit).replace("乡科副", level));
            assertThat(registered.status()).as(level + ": " + registered).isEqualTo(400);
            assertThat(fields(registered)).as(level).containsExactly("postLevel");
            assertThat(registered.body()).contains("乡科副, 乡科正");
            Response appointed = send("/api/v1/cadres/" + cadre + "/appointments", writer(), "{\"post\":\"科长\","
                    + "\"postLevel\":\"" + level + "\",\"effectiveDate\":\"2024-01-01\"}");
            assertThat(appointed.status()).as(level + ": " + appointed).isEqualTo(400);
            assertThat(fields(appointed)).as(level).containsExactly("postLevel");
        }
        assertThat(storedEvents()).isEqualTo(before);
        Response onTheLadder = send("/api/v1/cadres/" + cadre + "/appointments", writer(), "{\"post\":\"科长\","
                + "\"postLevel\":\"乡科正\",\"effectiveDate\":\"2024-01-01\"}");
        assertThat(onTheLadder.status()).as(onTheLadder.toString()).isEqualTo(201);
    }

    @Test
    void registeringATakenIdIsAConflictNamingItAndAppendsNothing() throws Exception {
        long before = storedEvents();
        Response unitAgain = send("/api/v1/units", writer(), unitBody(unit, null));
        Response cadreAgain = send("/api/v1/cadres", writer(), cadreBody(cadre, unit));
        Response cadreWithAUnitsId = send("/api/v1/cadres", writer(), cadreBody(unit, unit));
        Response unitWithACadresId = send("/api/v1/units", writer(), unitBody(cadre, unit));
        for (Response response : List.of(unitAgain, cadreAgain, cadreWithAUnitsId, unitWithACadresId)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(409);
            assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("urn:ledger:problem:already-exists");
        }
        assertThat(fields(unitAgain)).containsExactly("unitId");
        assertThat(fields(cadreAgain)).containsExactly("cadreId");
        assertThat(fields(cadreWithAUnitsId)).containsExactly("cadreId");
        assertThat(fields(unitWithACadresId)).containsExactly("unitId");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void theEventStoreRefusingAStreamThatExistsIsRecognisedAsSuch() {
        long before = storedEvents();
        // what a registration that lost the race to another one under the same id meets, past the request's check
        Throwable failure = catchThrowable(() -> gateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                new RegisterUnit(unit, "区", UnitCategory.DISTRICT, null, LocalDate.of(2023, 1, 1)))
                .andMetaData(Map.of(AxonStorageConfig.RECORDED_BY, "it", AxonStorageConfig.CORRELATION_ID, "it"))));
        assertThat(CommandRetries.streamExists(failure)).as(String.valueOf(failure)).isTrue();
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void outOfScopeIsAnsweredBeforeWhetherAnIdIsTaken() throws Exception {
        String other = "o-" + unit;
        String otherCadre = "o-" + cadre;
        assertThat(send("/api/v1/units", writer(), unitBody(other, null)).status()).isEqualTo(201);
        assertThat(send("/api/v1/cadres", writer(), cadreBody(otherCadre, other)).status()).isEqualTo(201);
        String scoped = token("scoped-recorder", List.of(Role.RECORDER), List.of(unit), null);
        long before = storedEvents();
        Response takenId = send("/api/v1/cadres", scoped, cadreBody(otherCadre, other));
        Response freeId = send("/api/v1/cadres", scoped, cadreBody("free-" + cadre, other));
        Response takenUnitId = send("/api/v1/units", scoped, unitBody(other, other));
        Response freeUnitId = send("/api/v1/units", scoped, unitBody("free-" + unit, other));
        for (Response response : List.of(takenId, freeId)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(fields(response)).containsExactly("unitId");
        }
        for (Response response : List.of(takenUnitId, freeUnitId)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(fields(response)).containsExactly("parentUnitId");
        }
        assertThat(takenId.body().replace(otherCadre, "").replaceAll("\"correlationId\":\"[^\"]*\"", ""))
                .isEqualTo(freeId.body().replace("free-" + cadre, "").replaceAll("\"correlationId\":\"[^\"]*\"", ""));
        // a unit or cadre named in the path: an unknown one is as much outside the scope as another's
        for (String path : List.of("/api/v1/units/" + other + "/renaming", "/api/v1/units/no-such-unit/renaming")) {
            Response response = send(path, scoped, "{\"name\":\"新名\",\"effectiveDate\":\"2023-09-01\"}");
            assertThat(response.status()).as(path + ": " + response).isEqualTo(403);
        }
        for (String path : List.of("/api/v1/cadres/" + otherCadre + "/entries", "/api/v1/cadres/no-such-cadre/entries")) {
            Response response = send(path, scoped, "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\",\"points\":1,"
                    + "\"summary\":\"完成\",\"effectiveDate\":\"2023-09-01\"}");
            assertThat(response.status()).as(path + ": " + response).isEqualTo(403);
        }
        Response takenInScope = send("/api/v1/cadres", scoped, cadreBody(otherCadre, unit));
        assertThat(takenInScope.status()).as(takenInScope.toString()).isEqualTo(409);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anIssuerOutsideTheAssessorsScopeIsRefusedNamingIt() throws Exception {
        String other = "i-" + unit;
        assertThat(send("/api/v1/units", writer(), unitBody(other, null)).status()).isEqualTo(201);
        String assessor = token("scoped-assessor", List.of(Role.ASSESSOR), List.of(unit), null);
        long before = storedEvents();
        for (String issuer : List.of(other, "no-such-unit")) {
            Response card = send("/api/v1/units/" + unit + "/cards", assessor, cardBody(issuer));
            Response assignment = send("/api/v1/units/" + unit + "/assignments", assessor, assignmentBody(issuer));
            for (Response response : List.of(card, assignment)) {
                assertThat(response.status()).as(issuer + ": " + response).isEqualTo(403);
                assertThat(fields(response)).containsExactly("issuedByUnitId");
            }
        }
        Response unknown = send("/api/v1/units/" + unit + "/cards", writer(), cardBody("no-such-unit"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(fields(unknown)).containsExactly("issuedByUnitId");
        assertThat(storedEvents()).isEqualTo(before);
        Response inScope = send("/api/v1/units/" + unit + "/cards", writer(), cardBody(other));
        assertThat(inScope.status()).as("an issuer within the caller's scope: " + inScope).isEqualTo(201);
    }

    @Test
    void duplicateKeysAndNumbersOrDatesThatWouldBeStoredAsSomethingElseAreRefusedNamingTheField() throws Exception {
        long before = storedEvents();
        String entries = "/api/v1/cadres/" + cadre + "/entries";
        Map<String, Response> answers = new java.util.LinkedHashMap<>();
        answers.put("summary", send(entries, writer(), "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\",\"points\":1,"
                + "\"summary\":\"完成\",\"summary\":\"另一个\",\"effectiveDate\":\"2023-09-01\"}"));
        for (String points : List.of("1e-400", "1e400", "0.001", "1" + "0".repeat(5000))) {
            answers.put("points " + points.length(), send(entries, writer(), "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\","
                    + "\"points\":" + points + ",\"summary\":\"完成\",\"effectiveDate\":\"2023-09-01\"}"));
        }
        answers.put("grassrootsYears", send("/api/v1/cadres", writer(),
                cadreBody("g-" + cadre, unit).replace("\"grassrootsYears\":1", "\"grassrootsYears\":1.5")));
        answers.put("effectiveDate", send(entries, writer(), "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\","
                + "\"points\":1,\"summary\":\"完成\",\"effectiveDate\":\"1899-12-31\"}"));
        answers.put("month", send("/api/v1/units/" + unit + "/evaluations", writer(),
                "{\"month\":\"0000-01\",\"score\":90,\"assessor\":\"考核办\",\"effectiveDate\":\"2023-09-01\"}"));
        answers.put("aspect", send(entries, writer(), "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\\u0000\","
                + "\"points\":1,\"summary\":\"完成\",\"effectiveDate\":\"2023-09-01\"}"));
        answers.forEach((field, response) -> {
            assertThat(response.status()).as(field + ": " + response).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            try {
                assertThat(fields(response)).as(field + ": " + response).containsExactly(field.split(" ")[0]);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void textIsStoredInNormalisationFormC() {
        Response response = send("/api/v1/cadres/" + cadre + "/entries", writer(), "{\"polarity\":\"POSITIVE\","
                + "\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"Cafe\\u0301 完成\",\"effectiveDate\":\"2023-09-01\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        String payload = jdbc.queryForObject("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY sequence_number DESC LIMIT 1", String.class, cadre);
        assertThat(payload).contains("Caf\u00E9 完成").doesNotContain("e\u0301");
    }

    private String writer() {
        return token("bad-input", WRITER, List.of(Caller.ALL_UNITS), null);
    }

    private Response send(String path, String token, String body) {
        return EndpointMatrix.send("POST", url(path), token, body);
    }

    private static List<String> fields(Response response) throws Exception {
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    private static String unitBody(String unitId, String parent) {
        return "{\"unitId\":\"" + unitId + "\",\"name\":\"区\",\"category\":\"" + (parent == null ? "DISTRICT" : "STREET_OFFICE")
                + "\"," + (parent == null ? "" : "\"parentUnitId\":\"" + parent + "\",") + "\"effectiveDate\":\"2023-01-01\"}";
    }

    private static String cadreBody(String cadreId, String unitId) {
        return "{\"cadreId\":\"" + cadreId + "\",\"name\":\"干部\",\"unitId\":\"" + unitId
                + "\",\"post\":\"科员\",\"postLevel\":\"乡科副\",\"postSince\":\"2020-01-01\",\"rank\":\"一级科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2010-01-01\",\"grassrootsYears\":1,"
                + "\"effectiveDate\":\"2023-01-01\"}";
    }

    private static String cardBody(String issuer) {
        return "{\"aspect\":\"经济运行\",\"quarter\":\"2023-Q3\",\"colour\":\"BLUE\",\"issuedByUnitId\":\"" + issuer
                + "\",\"effectiveDate\":\"2023-09-01\"}";
    }

    private static String assignmentBody(String issuer) {
        return "{\"kind\":\"WEEKLY\",\"title\":\"交办\",\"dueDate\":\"2023-09-08\",\"issuedByUnitId\":\"" + issuer
                + "\",\"effectiveDate\":\"2023-09-01\"}";
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
