package cn.ledger.ranking.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.ranking.RankingProjectorApplication;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import cn.ledger.security.testing.EndpointMatrix;
import cn.ledger.security.testing.ParameterFuzz;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every GET endpoint of ranking-projector with generated path and query parameters, plausible and
 * hostile (see {@link ParameterFuzz}): the answer is 2xx or a 4xx problem+json, never a 5xx, and the
 * service stays live. Tries: {@code jqwik.tries.default} (src/test/resources/junit-platform.properties).
 */
class RankingParameterFuzzIT {

    static ConfigurableApplicationContext context;
    static String base;
    static List<ParameterFuzz.Route> routes;
    static Map<String, List<String>> known;
    static List<String> tokens;

    @BeforeContainer
    static void start() throws Exception {
        context = new SpringApplicationBuilder(RankingProjectorApplication.class).run(
                // command-line arguments: above application.yml, like the test's own properties
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaWithLedgerEvents(),
                "--ledger.security.mode=local",
                "--ledger.ranking.close-after=36500d");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        routes = ParameterFuzz.routes(context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class));

        String unit = "u-fz-" + UUID.randomUUID().toString().substring(0, 8);
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, byte[]> kafka = context.getBean(KafkaTemplate.class);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, new LedgerEnvelope(UUID.randomUUID().toString(), "Unit",
                unit, 0, Instant.now(), "it-assessor", "it", new UnitRegistered(unit, "单位", UnitCategory.DISTRICT, null,
                        LocalDate.parse("2020-01-01"))))).get();
        LocalTokens mint = context.getBean(LocalTokens.class);
        String reviewer = mint.mint("fz-reviewer", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null);
        tokens = List.of(reviewer, reviewer, mint.mint("fz-admin", List.of(Role.ADMIN), List.of(Caller.ALL_UNITS), null),
                mint.mint("fz-auditor", List.of(Role.AUDITOR), List.of(Caller.ALL_UNITS), null), "");
        known = Map.of("unitId", List.of(unit), "issuedBy", List.of(unit), "parentUnitId", List.of(unit));
        await().atMost(Duration.ofSeconds(60)).until(() -> ParameterFuzz.get(base, new ParameterFuzz.Request(null,
                "/api/v1/assignments/completion?from=2023-01-01&to=2023-12-31&unitId=" + unit, reviewer),
                Duration.ofSeconds(30)).status() == 200);
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
        assertThat(routes).hasSizeGreaterThanOrEqualTo(9);
        return ParameterFuzz.requests(routes, known, tokens);
    }
}
