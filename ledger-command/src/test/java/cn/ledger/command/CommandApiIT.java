package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command API's error shapes and its idempotency, over HTTP. */
class CommandApiIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();

    String unit;
    String cadre;

    @BeforeEach
    void registerUnitAndCadre() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        unit = "u-" + p;
        cadre = "c-" + p;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"培黎街道\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王建国\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
    }

    String entry(String points, String date) {
        return "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\",\"points\":" + points
                + ",\"summary\":\"督查发现问题\",\"effectiveDate\":\"" + date + "\"}";
    }

    JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asText()).startsWith("urn:ledger:problem:");
        assertThat(body.get("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("SELECT").doesNotContain("\tat ");
        return body;
    }

    @Test
    void everyRejectionIsAProblemNamingTheFieldAndAppendsNothing() throws Exception {
        long before = storedEvents();
        String entries = "/api/v1/cadres/" + cadre + "/entries";

        JsonNode unknownCadre = problem(post("/api/v1/cadres/nobody/entries", entry("1", "2023-09-01")), 404);
        assertThat(unknownCadre.get("type").asText()).isEqualTo("urn:ledger:problem:not-found");

        JsonNode aspect = problem(post(entries, entry("1", "2023-09-01").replace("平安建设", "不存在的方面")), 422);
        assertThat(aspect.at("/errors/0/field").asText()).isEqualTo("aspect");

        JsonNode points = problem(post(entries, entry("101", "2023-09-01")), 422);
        assertThat(points.at("/errors/0/field").asText()).isEqualTo("points");

        JsonNode future = problem(post(entries, entry("1", "2199-01-01")), 422);
        assertThat(future.at("/errors/0/field").asText()).isEqualTo("effectiveDate");

        JsonNode beforeRegistration = problem(post(entries, entry("1", "2022-12-31")), 422);
        assertThat(beforeRegistration.at("/errors/0/field").asText()).isEqualTo("effectiveDate");

        JsonNode missing = problem(post(entries, "{\"aspect\":\"平安建设\",\"effectiveDate\":\"2023-09-01\"}"), 400);
        assertThat(missing.get("errors").findValuesAsText("field")).contains("polarity", "points", "summary");

        problem(post(entries, "{\"polarity\":"), 400);
        problem(post(entries, entry("\"many\"", "2023-09-01")), 400);
        problem(post(entries, entry("1", "2023-02-30")), 400);
        problem(post(entries, entry("1", "2023-09-01").replace("NEGATIVE", "SIDEWAYS")), 400);
        JsonNode control = problem(post(entries, entry("1", "2023-09-01").replace("督查发现问题", "督查\\u0007问题")), 400);
        assertThat(control.at("/errors/0/field").asText()).isEqualTo("summary");
        JsonNode tooLong = problem(post(entries, entry("1", "2023-09-01").replace("督查发现问题", "长".repeat(2001))), 400);
        assertThat(tooLong.at("/errors/0/field").asText()).isEqualTo("summary");

        JsonNode noUser = problem(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(entries)))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(entry("1", "2023-09-01"))).build(),
                HttpResponse.BodyHandlers.ofString()), 401);
        assertThat(noUser.get("type").asText()).isEqualTo("urn:ledger:problem:unauthenticated");
        JsonNode forged = problem(post(entries, entry("1", "2023-09-01"), "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."), 401);
        assertThat(forged.get("type").asText()).isEqualTo("urn:ledger:problem:unauthenticated");

        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void conflictsWithTheRecordAreAnsweredWithTheirOwnStatus() throws Exception {
        String grades = "/api/v1/cadres/" + cadre + "/annual-grades";
        assertThat(post(grades, "{\"year\":2022,\"grade\":\"COMPETENT\",\"effectiveDate\":\"2023-01-15\"}").statusCode())
                .isEqualTo(201);
        JsonNode twice = problem(post(grades, "{\"year\":2022,\"grade\":\"EXCELLENT\",\"effectiveDate\":\"2023-01-16\"}"), 409);
        assertThat(twice.at("/errors/0/field").asText()).isEqualTo("year");

        JsonNode unknownAssignment = problem(post("/api/v1/units/" + unit + "/assignments/nope/completion",
                "{\"effectiveDate\":\"2023-09-01\"}"), 404);
        assertThat(unknownAssignment.at("/errors/0/field").asText()).isEqualTo("assignmentId");

        String entryId = JSON.readTree(post("/api/v1/cadres/" + cadre + "/entries", entry("1", "2023-09-01")).body())
                .get("id").asText();
        String revocation = "/api/v1/cadres/" + cadre + "/entries/" + entryId + "/revocation";
        String reason = "{\"reason\":\"录入错误\",\"effectiveDate\":\"2023-09-02\"}";
        assertThat(post(revocation, reason).statusCode()).isEqualTo(201);
        problem(post(revocation, reason), 409);
    }

    @Test
    void aCommandAnswersTheConsistencyTokenOfWhatItWrote() throws Exception {
        HttpResponse<String> answer = post("/api/v1/cadres/" + cadre + "/entries", entry("1", "2023-09-03"));
        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(answer.body());
        String token = body.get("consistencyToken").asText();
        assertThat(answer.headers().firstValue(cn.ledger.contract.ConsistencyToken.HEADER)).hasValue(token);
        assertThat(cn.ledger.contract.ConsistencyToken.decode(token).positions())
                .containsExactly(java.util.Map.entry(cadre, body.get("sequenceNumber").asLong()));
        assertThat(body.get("streamId").asText()).isEqualTo(cadre);
    }

    @Test
    void theSameIdempotencyKeyAppendsOnceAndReplaysTheAnswer() throws Exception {
        String entries = "/api/v1/cadres/" + cadre + "/entries";
        String key = UUID.randomUUID().toString();
        long before = storedEvents();

        HttpResponse<String> first = post(entries, entry("2", "2023-09-01"), "Idempotency-Key", key);
        HttpResponse<String> again = post(entries, entry("2", "2023-09-01"), "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotency-Replayed")).hasValue("true");
        assertThat(storedEvents()).isEqualTo(before + 1);

        JsonNode different = problem(post(entries, entry("3", "2023-09-01"), "Idempotency-Key", key), 422);
        assertThat(different.get("type").asText()).isEqualTo("urn:ledger:problem:idempotency-key-reused");
        assertThat(storedEvents()).isEqualTo(before + 1);

        HttpResponse<String> otherKey = post(entries, entry("2", "2023-09-01"), "Idempotency-Key", key + "-2");
        assertThat(otherKey.statusCode()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before + 2);
    }

    @Test
    void aCommittedCommandWhoseAnswerWasLostIsNeverRunAgainUnderItsKey() throws Exception {
        String entries = "/api/v1/cadres/" + cadre + "/entries";
        String committed = UUID.randomUUID().toString();
        assertThat(post(entries, entry("2", "2023-09-01"), "Idempotency-Key", committed).statusCode()).isEqualTo(201);
        // marked in the command's own transaction
        assertThat(jdbc.queryForObject("SELECT committed_at IS NOT NULL FROM idempotency_key WHERE idempotency_key = ?",
                Boolean.class, committed)).isTrue();
        long before = storedEvents();

        // the process died after the commit, before it kept the answer: the claim is abandoned (older than
        // abandoned-after) but within the key's lifetime, its command committed
        jdbc.update("UPDATE idempotency_key SET status = NULL, content_type = NULL, body = NULL, "
                + "created_at = now() - interval '23 hours' WHERE idempotency_key = ?", committed);
        JsonNode lost = problem(post(entries, entry("2", "2023-09-01"), "Idempotency-Key", committed), 409);
        assertThat(lost.get("type").asText()).isEqualTo("urn:ledger:problem:already-exists");
        assertThat(storedEvents()).isEqualTo(before);

        // a claim abandoned before any commit is taken over and its command runs once
        String uncommitted = UUID.randomUUID().toString();
        assertThat(post(entries, entry("3", "2023-09-01"), "Idempotency-Key", uncommitted).statusCode()).isEqualTo(201);
        jdbc.update("UPDATE idempotency_key SET status = NULL, content_type = NULL, body = NULL, committed_at = NULL, "
                + "created_at = now() - interval '1 hour' WHERE idempotency_key = ?", uncommitted);
        assertThat(post(entries, entry("3", "2023-09-01"), "Idempotency-Key", uncommitted).statusCode()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before + 2);
    }

    @Test
    void aKeyStillInProgressIsA409AndAKeyPastItsLifetimeMayBeUsedAgain() throws Exception {
        String entries = "/api/v1/cadres/" + cadre + "/entries";
        String key = UUID.randomUUID().toString();
        assertThat(post(entries, entry("2", "2023-09-01"), "Idempotency-Key", key).statusCode()).isEqualTo(201);
        long before = storedEvents();

        // the first request is still running (claimed a moment ago, nothing committed, no answer kept)
        jdbc.update("UPDATE idempotency_key SET status = NULL, content_type = NULL, body = NULL, committed_at = NULL, "
                + "created_at = now() WHERE idempotency_key = ?", key);
        JsonNode running = problem(post(entries, entry("2", "2023-09-01"), "Idempotency-Key", key), 409);
        assertThat(running.get("type").asText()).isEqualTo("urn:ledger:problem:idempotency-key-in-progress");
        assertThat(running.get("detail").asText()).contains("being processed");

        // a day later (the default lifetime, 24 h) the key is free: another request may use it
        jdbc.update("UPDATE idempotency_key SET status = 201, committed_at = now() - interval '25 hours', "
                + "created_at = now() - interval '25 hours' WHERE idempotency_key = ?", key);
        assertThat(post(entries, entry("4", "2023-09-02"), "Idempotency-Key", key).statusCode()).isEqualTo(201);
        assertThat(storedEvents()).isEqualTo(before + 1);
        // and it is held again for the new request within its lifetime
        assertThat(problem(post(entries, entry("5", "2023-09-02"), "Idempotency-Key", key), 422)
                .get("type").asText()).isEqualTo("urn:ledger:problem:idempotency-key-reused");
    }

    @Test
    void thePurgeDeletesOnlyKeysPastTheirLifetimeAndNoEvents() throws Exception {
        String entries = "/api/v1/cadres/" + cadre + "/entries";
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        assertThat(post(entries, entry("2", "2023-09-01"), "Idempotency-Key", old).statusCode()).isEqualTo(201);
        assertThat(post(entries, entry("3", "2023-09-01"), "Idempotency-Key", recent).statusCode()).isEqualTo(201);
        jdbc.update("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE idempotency_key = ?", old);
        jdbc.update("UPDATE idempotency_key SET created_at = now() - interval '23 hours' WHERE idempotency_key = ?", recent);
        long before = storedEvents();

        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?", Long.class, old))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?", Long.class, recent))
                .isOne();
        assertThat(storedEvents()).isEqualTo(before);
        // the recent key still replays its answer
        assertThat(post(entries, entry("3", "2023-09-01"), "Idempotency-Key", recent)
                .headers().firstValue("Idempotency-Replayed")).hasValue("true");
    }

    @org.springframework.beans.factory.annotation.Autowired
    cn.ledger.command.web.IdempotencyKeyPurge purge;

    @Test
    void concurrentCommandsOnOneCadreLoseNoUpdate() throws Exception {
        int writers = 8;
        int each = 10;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    int created = 0;
                    for (int i = 0; i < each; i++) {
                        if (post("/api/v1/cadres/" + cadre + "/entries", entry("1", "2023-09-01")).statusCode() == 201) {
                            created++;
                        }
                    }
                    return created;
                }));
            }
            int created = 0;
            for (var f : futures) {
                created += f.get();
            }
            assertThat(created).isEqualTo(writers * each);
        } finally {
            pool.shutdown();
        }
        Long max = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, cadre);
        assertThat(max).isEqualTo(writers * each);
    }
}
