package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.testing.DatabaseOutage;
import cn.ledger.security.testing.ErrorTable;
import cn.ledger.security.testing.ErrorTable.Answer;
import cn.ledger.security.testing.ErrorTable.Case;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every row of docs/errors.md that names ranking-projector, driven against the running service (real
 * PostgreSQL and Kafka) and checked for its status and problem type; a row without a case here or a case
 * without a row fails. The database outage comes last and is undone in the case.
 */
class ErrorTableIT extends RankingProjectorIT {

    String token(Role role) {
        return tokens.mint("error-table-" + role.claim(), List.of(role), List.of(Caller.ALL_UNITS), null);
    }

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRowOfTheTableIsAnsweredAsItSays() throws Exception {
        // a month that has not ended anywhere on earth
        String notEnded = YearMonth.now(ZoneId.of("Pacific/Kiritimati")).plusMonths(1).toString();
        // a review group of this test's own, known to the projector (a version and a close name their group)
        String group = "u-errtable-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        unit(group, cn.ledger.contract.UnitCategory.DISTRICT, null);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE unit_id = ?", Integer.class, group) == 1);
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("bad-parameter", () -> Answer.of(raw("/api/v1/rankings/monthly/2023-13")));
        cases.put("unauthenticated", () -> Answer.of(send("GET", "/api/v1/rankings/monthly/2023-09", null)));
        cases.put("role-may-not", () -> Answer.of(send("POST", "/api/v1/rankings/monthly/2023-09/close",
                token(Role.REVIEWER))));
        cases.put("version-not-held", () -> Answer.of(raw("/api/v1/rankings/monthly/2023-01?parentUnitId=" + group + "&version=7")));
        cases.put("no-such-path", () -> Answer.of(send("GET", "/api/v1/not-yet", token(Role.ADMIN))));
        cases.put("method-not-allowed", () -> Answer.of(send("DELETE", "/api/v1/admin/rebuilds", token(Role.ADMIN))));
        cases.put("close-month-not-ended", () -> Answer.of(send("POST", "/api/v1/rankings/monthly/" + notEnded + "/close?parentUnitId=" + group,
                bearer().substring("Bearer ".length()))));
        cases.put("month-before-policy", () -> Answer.of(raw("/api/v1/rankings/monthly/1999-12")));
        cases.put("storage-unavailable", this::databaseAway);
        ErrorTable.check("ranking-projector", cases);
    }

    /** The database cut off: a read is 503 with Retry-After, health DOWN; then it comes back. */
    Answer databaseAway() throws Exception {
        HttpResponse<String> read;
        HttpResponse<String> health;
        try (DatabaseOutage outage = DatabaseOutage.begin(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword())) {
            read = raw("/api/v1/rankings/monthly/2023-05");
            health = send("GET", "/actuator/health", null);
        }
        assertThat(read.headers().firstValue("Retry-After")).as(read.body()).hasValue("5");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
        // back: the pool reconnects by itself
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/actuator/health", null).statusCode() == 200);
        return Answer.of(read);
    }
}
