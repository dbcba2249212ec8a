package cn.ledger.ranking.web;

import static cn.ledger.security.Role.ASSESSOR;
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
 * Every endpoint of ranking-projector, found from the controllers, against the table below (an endpoint
 * missing from it fails the test): no token 401, a role not listed 403, another cadre's records 403,
 * a listed role or the cadre themself neither 401 nor 403. The callers' scope is every unit ({@code *}): what
 * a narrower scope sees is shown by {@code ReviewGroupsIT}.
 *
 * <p>The matrix asks to close a month as admin, and its context runs with the production auto-close; so it
 * works in a database and a consumer group of its own, and nothing it closes is seen by the other tests of
 * this JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RankingAccessMatrixIT {

    static final Map<String, Access> RULES = Map.ofEntries(
            entry("GET /api/v1/rankings/monthly/{month}", Access.of(null, REVIEWER, ASSESSOR)),
            entry("GET /api/v1/rankings/monthly/{month}.csv", Access.of(null, REVIEWER, ASSESSOR)),
            entry("GET /api/v1/rankings/monthly/{month}.xlsx", Access.of(null, REVIEWER, ASSESSOR)),
            entry("GET /api/v1/rankings/monthly/{month}/versions", Access.of(null, REVIEWER, ASSESSOR)),
            // a review group nobody registered: let through (404), nothing closed
            entry("POST /api/v1/rankings/monthly/{month}/close", Access.of("?parentUnitId=u-matrix", Role.ADMIN)),
            entry("GET /api/v1/accountability", Access.of("?from=2023-01&to=2023-12", REVIEWER, ASSESSOR, Role.ADMIN)),
            entry("GET /api/v1/tallies/monthly/{month}", Access.of(null, REVIEWER, ASSESSOR)),
            entry("GET /api/v1/cards/board", Access.of("?quarter=2023-Q3", REVIEWER, ASSESSOR)),
            entry("GET /api/v1/cards/board.csv", Access.of("?quarter=2023-Q3", REVIEWER, ASSESSOR)),
            entry("GET /api/v1/cards/board.xlsx", Access.of("?quarter=2023-Q3", REVIEWER, ASSESSOR)),
            entry("GET /api/v1/assignments/completion", Access.of("?from=2023-09-01&to=2023-09-30", REVIEWER, ASSESSOR)),
            entry("GET /api/v1/todo", Access.of(null, ASSESSOR, Role.ADMIN)),
            entry("GET /api/v1/audit/**", Access.of(null, Role.AUDITOR)),
            entry("GET /api/v1/admin/**", Access.of(null, Role.ADMIN)),
            entry("POST /api/v1/admin/**", Access.of(null, Role.ADMIN)),
            // an invalid parameter: the call is let through (400) without starting a real rebuild
            entry("POST /api/v1/admin/rebuilds", Access.of("?autoSwitch=not-a-boolean", Role.ADMIN)),
            entry("GET /api/v1/contract/**", Access.open(null)),
            entry("POST /api/v1/auth/demo-token", Access.open("?user=reviewer-1")));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", RankingAccessMatrixIT::ownDatabase);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("spring.kafka.consumer.group-id", () -> "ranking-projector-access-matrix");
        registry.add("ledger.security.mode", () -> "local");
        // any accountability procedure this context's own closes ask for goes nowhere, not to a real 8081
        registry.add("ledger.ranking.accountability.command-url", () -> "http://127.0.0.1:9");
    }

    private static String ownDatabase;

    /** A database of this class's own on the test server, beside the JVM's shared one; dropped at exit. */
    static synchronized String ownDatabase() {
        if (ownDatabase == null) {
            String shared = TestInfrastructure.databaseUrl();
            String name = "ledger_test_matrix_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(shared, TestInfrastructure.databaseUser(),
                    TestInfrastructure.databasePassword()); java.sql.Statement s = c.createStatement()) {
                java.sql.ResultSet current = s.executeQuery("SELECT current_database()");
                current.next();
                String sharedName = current.getString(1);
                s.execute("CREATE DATABASE " + name);
                ownDatabase = shared.replaceFirst("/" + sharedName + "(?=$|\\?)", "/" + name);
                assertThat(ownDatabase).isNotEqualTo(shared);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(shared, TestInfrastructure.databaseUser(),
                        TestInfrastructure.databasePassword()); java.sql.Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (java.sql.SQLException e) {
                    // the shared database's own hook may have gone first; the server is the test's
                }
            }, "drop-matrix-database"));
        }
        return ownDatabase;
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
        return tokens.mint("matrix-" + role.claim(), List.of(role), List.of(cn.ledger.security.Caller.ALL_UNITS), cadre);
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        Map<Endpoint, Access> assigned = EndpointMatrix.assign(EndpointMatrix.endpoints(mapping), RULES);
        assertThat(assigned).hasSizeGreaterThanOrEqualTo(8);
        List<String> failures = EndpointMatrix.run(base(), assigned, Map.of("month", "2023-09"), this::token);
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
                    : tokens.mint("broken-requests", List.copyOf(access.roles()),
                            List.of(cn.ledger.security.Caller.ALL_UNITS), "c-self");
            return new BrokenRequests.Target(token, Map.of("month", "2023-09"), null, access.query());
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
        EndpointMatrix.refused(failures, "month close as reviewer", EndpointMatrix.send("POST",
                base() + "/api/v1/rankings/monthly/2023-09/close", token(REVIEWER, null), null), 403);
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
        for (String path : List.of("/api/v1/tallies/monthly/2023-13", "/api/v1/rankings/monthly/September",
                "/api/v1/accountability?from=2023-01", "/api/v1/cards/board?quarter=2023-Q9",
                "/api/v1/rankings/monthly/September.xlsx", "/api/v1/cards/board.xlsx?quarter=2023-Q9",
                "/api/v1/cards/board.csv?quarter=2023-Q9")) {
            Response response = EndpointMatrix.send("GET", base() + path, reviewer, null);
            assertThat(response.status()).as(path + " " + response).isEqualTo(400);
            assertThat(response.isProblem()).as(path).isTrue();
            assertThat(response.body()).contains("urn:ledger:problem:").contains("correlationId")
                    .doesNotContain("Exception");
        }
        Response tooLarge = EndpointMatrix.send("POST", base() + "/api/v1/auth/demo-token?user=reviewer-1", null,
                "{\"x\":\"" + "y".repeat(70_000) + "\"}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:ledger:problem:payload-too-large");
    }
}
