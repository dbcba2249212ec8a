package cn.ledger.query.web;

import static cn.ledger.security.Role.AUDITOR;
import static cn.ledger.security.Role.REVIEWER;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import cn.ledger.security.testing.BrokenRequests;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.EndpointMatrix.Access;
import cn.ledger.security.testing.EndpointMatrix.Endpoint;
import cn.ledger.security.testing.EndpointMatrix.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of ledger-query, found from the controllers, against the table below (an endpoint
 * missing from it fails the test): no token 401, a role not listed 403, another cadre's records 403,
 * a listed role or the cadre themself neither 401 nor 403. Reviewers are not limited to units.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryAccessMatrixIT {

    static final Map<String, Access> RULES = Map.ofEntries(
            entry("GET /api/v1/cadres/{cadreId}/entries/totals", Access.self("cadreId", null, REVIEWER)),
            entry("GET /api/v1/cadres/{cadreId}/dossier", Access.self("cadreId", null, REVIEWER, AUDITOR)),
            entry("GET /api/v1/cadres/{cadreId}/eligibility", Access.self("cadreId", "?purpose=RANK_PROMOTION", REVIEWER)),
            entry("GET /api/v1/streams/{streamId}/records", Access.self("streamId", null, REVIEWER, AUDITOR)),
            entry("GET /api/v1/units/{unitId}/eligibility-roster", Access.of("?purpose=RANK_PROMOTION", REVIEWER)),
            entry("GET /api/v1/units/{unitId}/eligibility-roster.csv", Access.of("?purpose=RANK_PROMOTION", REVIEWER)),
            entry("GET /api/v1/units/{unitId}/eligibility-roster.xlsx", Access.of("?purpose=RANK_PROMOTION", REVIEWER)),
            entry("GET /api/v1/cards/totals", Access.of("?quarter=2023-Q3", REVIEWER)),
            entry("GET /api/v1/interviews/counts", Access.of("?unitId=u1", REVIEWER)),
            entry("GET /api/v1/todo", Access.of(null, Role.DISCIPLINE_OFFICER, Role.ADMIN)),
            entry("GET /api/v1/audit/**", Access.of(null, AUDITOR)),
            // every caller, each answered within their own scope (none, for the tokens here)
            entry("GET /api/v1/directory/units", Access.of(null, Role.values())),
            entry("GET /api/v1/directory/cadres", Access.of("?q=" + java.net.URLEncoder.encode("王", java.nio.charset.StandardCharsets.UTF_8), Role.values())),
            entry("GET /api/v1/admin/**", Access.of(null, Role.ADMIN)),
            entry("POST /api/v1/admin/**", Access.of(null, Role.ADMIN)),
            // an invalid parameter: the call is let through (400) without starting a real rebuild
            entry("POST /api/v1/admin/rebuilds", Access.of("?autoSwitch=not-a-boolean", Role.ADMIN)),
            entry("GET /api/v1/contract/**", Access.open(null)),
            entry("GET /console/config.json", Access.open(null)),
            entry("POST /api/v1/auth/demo-token", Access.open("?user=reviewer-1")));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;
    @Autowired
    LocalTokens tokens;
    @Autowired
    Environment environment;

    String base() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    String token(Role role, String cadre) {
        return tokens.mint("matrix-" + role.claim(), List.of(role), List.of(), cadre);
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        Map<Endpoint, Access> assigned = EndpointMatrix.assign(EndpointMatrix.endpoints(mapping), RULES);
        assertThat(assigned).hasSizeGreaterThanOrEqualTo(7);
        List<String> failures = EndpointMatrix.run(base(), assigned,
                Map.of("cadreId", "c-self", "streamId", "c-self", "unitId", "u1"), this::token);
        assertThat(failures).isEmpty();
    }

    /**
     * Broken requests, generated from a fixed seed, to every endpoint (but the operator's rebuilds, which
     * would start real work) as a caller allowed to call it: no error answer names code, and every problem
     * has a catalogue type, errors and the correlation id.
     */
    @Test
    void noBrokenRequestIsAnsweredWithCode() {
        Map<Endpoint, Access> assigned = EndpointMatrix.assign(EndpointMatrix.endpoints(mapping), RULES);
        BrokenRequests.Outcome outcome = BrokenRequests.run(base(), List.copyOf(assigned.keySet()), endpoint -> {
            Access access = assigned.get(endpoint);
            if (endpoint.pattern().startsWith("/api/v1/admin/")) {
                return null;
            }
            String token = access.open() ? null
                    : tokens.mint("broken-requests", List.copyOf(access.roles()), List.of(), "c-self");
            return new BrokenRequests.Target(token, Map.of("cadreId", "c-self", "streamId", "c-self", "unitId", "u1"), null, access.query());
        }, 20261204L, 25);
        System.out.println("broken requests: " + outcome.sent() + " sent, answers by status " + outcome.statuses());
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.sent()).isGreaterThan(250);
    }

    @Test
    void reservedAndOperationalPathsNeedTheirRole() {
        List<String> failures = new ArrayList<>();
        EndpointMatrix.refused(failures, "audit without a token", EndpointMatrix.send("GET", base() + "/api/v1/audit/x", null, null), 401);
        EndpointMatrix.refused(failures, "audit as reviewer", EndpointMatrix.send("GET", base() + "/api/v1/audit/x",
                token(REVIEWER, null), null), 403);
        EndpointMatrix.refused(failures, "another cadre's timeline", EndpointMatrix.send("GET",
                base() + "/api/v1/streams/c-other/records", token(Role.CADRE, "c-self"), null), 403);
        EndpointMatrix.refused(failures, "prometheus as reviewer", EndpointMatrix.send("GET", base() + "/actuator/prometheus",
                token(REVIEWER, null), null), 403);
        EndpointMatrix.refused(failures, "a path nobody has a rule for", EndpointMatrix.send("GET",
                base() + "/api/v1/not-yet", token(Role.ADMIN, null), null), 403);
        assertThat(failures).isEmpty();
        assertThat(EndpointMatrix.send("GET", base() + "/actuator/prometheus", token(Role.ADMIN, null), null).status())
                .isEqualTo(200);
        assertThat(cn.ledger.security.testing.OpenApiDocument.violations(base(), false)).isEmpty();
        assertThat(EndpointMatrix.send("GET", base() + "/actuator/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void badParametersAreProblemsWithAStableType() {
        String reviewer = token(REVIEWER, null);
        for (String path : List.of("/api/v1/cards/totals?quarter=2023-Q9", "/api/v1/cards/totals",
                "/api/v1/cadres/c-self/eligibility?purpose=PROMOTED", "/api/v1/cadres/c-self/eligibility?purpose=RANK_PROMOTION&asOf=2023-02-30",
                "/api/v1/streams/c-self/records?limit=100000", "/api/v1/interviews/counts?unitId=u1&per=DECADE")) {
            Response response = EndpointMatrix.send("GET", base() + path, reviewer, null);
            assertThat(response.status()).as(path + " " + response).isEqualTo(400);
            assertThat(response.isProblem()).as(path).isTrue();
            assertThat(response.body()).contains("urn:ledger:problem:validation").contains("correlationId")
                    .doesNotContain("Exception");
        }
        Response tooLarge = EndpointMatrix.send("POST", base() + "/api/v1/auth/demo-token?user=reviewer-1", null,
                "{\"x\":\"" + "y".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:ledger:problem:payload-too-large");
    }
}
