package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.testing.BrokenRequests;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.EndpointMatrix.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Broken requests, generated from a fixed seed, to every endpoint of ledger-command as a caller allowed to
 * call it (no body, wrong content type, broken JSON, wrong types, unknown enum values, bad path variables
 * and query parameters, wrong methods): no error answer names code — no class, package, exception or
 * method signature —, every problem has a catalogue type, errors and the correlation id, and none is a 5xx.
 */
class ProblemBodiesIT extends CommandServiceIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void noBrokenRequestIsAnsweredWithCode() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String unit = "pb-" + p;
        String cadre = "pb-c-" + p;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"干部\",\"unitId\":\"" + unit
                + "\",\"post\":\"科员\",\"postLevel\":\"乡科副\",\"postSince\":\"2020-01-01\",\"rank\":\"一级科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2010-01-01\",\"grassrootsYears\":1,"
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        Map<Endpoint, AccessMatrixIT.Rule> assigned = EndpointMatrix.assign(EndpointMatrix.endpoints(mapping),
                AccessMatrixIT.RULES);
        Map<String, String> values = Map.of("unitId", unit, "cadreId", cadre, "streamId", cadre);
        BrokenRequests.Outcome outcome = BrokenRequests.run(url(""), List.copyOf(assigned.keySet()), endpoint -> {
            AccessMatrixIT.Rule rule = assigned.get(endpoint);
            List<Role> roles = List.copyOf(rule.roles());
            String token = token("broken-requests", roles, List.of(Caller.ALL_UNITS), rule.self() ? cadre : null);
            String body = rule.body() == null ? null : rule.body().replace("{unitId}", unit);
            String query = endpoint.pattern().endsWith("demo-token") ? "?user=recorder-anning" : null;
            return new BrokenRequests.Target(token, values, body, query);
        }, 20261204L, 25);
        System.out.println("broken requests: " + outcome.sent() + " sent, answers by status " + outcome.statuses());
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.statuses().keySet()).as("no broken request is a server error").allMatch(status -> status < 500);
        assertThat(outcome.sent()).isGreaterThan(1000);
    }
}
