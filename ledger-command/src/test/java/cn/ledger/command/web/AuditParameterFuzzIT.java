package cn.ledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.LedgerCommandApplication;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.ParameterFuzz;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every GET endpoint of ledger-command (the audit trail, the published contract) with generated path
 * and query parameters, plausible and hostile (see {@link ParameterFuzz}): the answer is 2xx or a 4xx
 * problem+json, never a 5xx, and the service stays live. Tries: {@code jqwik.tries.default}
 * (src/test/resources/junit-platform.properties).
 */
class AuditParameterFuzzIT {

    static ConfigurableApplicationContext context;
    static String base;
    static List<ParameterFuzz.Route> routes;
    static Map<String, List<String>> known;
    static List<String> tokens;

    @BeforeContainer
    static void start() throws Exception {
        context = new SpringApplicationBuilder(LedgerCommandApplication.class).run(
                // command-line arguments: above application.yml, like the test's own properties
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--ledger.security.mode=local");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        // the tile route captures the rest of the path ({*path}): fuzzed as one {path} segment and known tile paths
        routes = ParameterFuzz.routes(context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class)).stream().map(r -> new ParameterFuzz.Route(
                        r.pattern().replace("{*path}", "{path}"), r.params())).toList();
        LocalTokens mint = context.getBean(LocalTokens.class);

        // a stream to ask about, so that requests also reach past the existence checks
        String unit = "fz-" + UUID.randomUUID();
        var created = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/api/v1/units")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + mint.mint("fz-recorder", List.of(Role.RECORDER),
                        List.of(Caller.ALL_UNITS), null))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"unitId\":\"" + unit
                        + "\",\"name\":\"审计区\",\"category\":\"DISTRICT\",\"effectiveDate\":\"2023-01-01\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String auditor = mint.mint("fz-auditor", List.of(Role.AUDITOR), List.of(Caller.ALL_UNITS), null);
        tokens = List.of(auditor, auditor, auditor, mint.mint("fz-admin", List.of(Role.ADMIN),
                List.of(Caller.ALL_UNITS), null), mint.mint("fz-reviewer", List.of(Role.REVIEWER),
                List.of(Caller.ALL_UNITS), null), "");
        known = Map.of("streamId", List.of(unit), "treeSize", List.of("1", "2"), "name",
                List.of("negative-entry-recorded.v1"));
    }

    @AfterContainer
    static void stop() {
        if (context != null) {
            try {
                EndpointMatrix.Response live = ParameterFuzz.get(base, new ParameterFuzz.Request(null,
                        "/actuator/health/liveness", ""), Duration.ofSeconds(30));
                assertThat(live.status()).as("liveness after the run: " + live).isEqualTo(200);
            } finally {
                context.close();
            }
        }
    }

    @Property(seed = "20261204")
    void everyGetAnswersTwoHundredsOrAProblemNeverAFiveHundred(@ForAll("requests") ParameterFuzz.Request request) {
        EndpointMatrix.Response response = ParameterFuzz.get(base, request, Duration.ofSeconds(60));
        assertThat(ParameterFuzz.fault(request, response)).isNull();
    }

    @Provide
    Arbitrary<ParameterFuzz.Request> requests() {
        assertThat(routes).hasSizeGreaterThanOrEqualTo(10);
        return ParameterFuzz.requests(routes, known, tokens);
    }
}
