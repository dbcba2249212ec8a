package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit trail's GET endpoints hold their parameters to the documented ranges: a limit over the
 * cap, a negative position, an instant or date outside the years served, an over-long id are 400
 * problems naming the parameter; liveness and readiness answer.
 */
class AuditBoundsIT extends CommandServiceIT {

    @Test
    void parametersOutsideTheirRangeAreProblemsNamingThem() throws Exception {
        String unit = "ab-" + UUID.randomUUID();
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"审计区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);

        problem("/api/v1/audit/events?limit=1001", "limit");
        problem("/api/v1/audit/events?limit=0", "limit");
        problem("/api/v1/audit/events?from=-1", "from");
        problem("/api/v1/audit/streams/" + unit + "/events?limit=100000", "limit");
        problem("/api/v1/audit/streams/" + unit + "/events?fromSequence=-5", "fromSequence");
        problem("/api/v1/audit/streams/" + unit + "/state?recordedAt=-1000000000-01-01T00:00:00Z", "recordedAt");
        problem("/api/v1/audit/streams/" + unit + "/state?effectiveOn=%2B999999999-12-31", "effectiveOn");
        problem("/api/v1/audit/streams/" + "s".repeat(65) + "/state", "streamId");
        problem("/api/v1/audit/proofs/inclusion?eventId=" + "e".repeat(4_500) + "&treeSize=1", "eventId");
        problem("/api/v1/audit/checkpoint?treeSize=-1", "treeSize");

        assertThat(get("/api/v1/audit/events?limit=1000").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/audit/streams/" + unit + "/state?effectiveOn=2200-12-31").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
    }

    private void problem(String path, String field) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(response.body()).as(path).contains("urn:ledger:problem:validation")
                .contains("\"field\":\"" + field + "\"").doesNotContain("Exception");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token("it-auditor", List.of(Role.AUDITOR),
                        List.of(Caller.ALL_UNITS), null)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
