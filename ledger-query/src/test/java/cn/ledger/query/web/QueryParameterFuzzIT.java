package cn.ledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.query.LedgerQueryApplication;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * Every GET endpoint of ledger-query with generated path and query parameters — plausible ones and
 * hostile ones (dates far in the past and future, malformed dates, numbers beyond their type, negative
 * numbers, long strings, control characters and other unicode, invalid UTF-8) — from callers of each
 * role: the answer is 2xx or a 4xx problem+json, never a 5xx, and the service stays live. The number
 * of tries is {@code jqwik.tries.default} (src/test/resources/junit-platform.properties); a larger run:
 * {@code -DargLine=-Djqwik.tries.default=5000}.
 */
class QueryParameterFuzzIT {

    static ConfigurableApplicationContext context;
    static String base;
    static List<ParameterFuzz.Route> routes;
    static Map<String, List<String>> known;
    static List<String> tokens;

    @BeforeContainer
    static void start() throws Exception {
        context = new SpringApplicationBuilder(LedgerQueryApplication.class).run(
                // command-line arguments: above application.yml, like the test's own properties
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaWithLedgerEvents(),
                "--ledger.security.mode=local");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        routes = ParameterFuzz.routes(context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class));

        // a unit and a sanctioned cadre, so that requests also reach the eligibility engine and the exports
        String p = "fz-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String unit = p + "office";
        String cadre = p + "c1";
        @SuppressWarnings("unchecked")
        KafkaTemplate<String, byte[]> kafka = context.getBean(KafkaTemplate.class);
        AtomicLong sequence = new AtomicLong();
        publish(kafka, "Unit", unit, 0, new UnitRegistered(unit, "办公室", UnitCategory.DISTRICT_DEPARTMENT, null,
                LocalDate.parse("2015-01-01")));
        publish(kafka, "Cadre", cadre, sequence.getAndIncrement(), new CadreRegistered(cadre, "干部", unit, "科员",
                "乡科副", LocalDate.parse("2016-01-01"), "四级主任科员", LocalDate.parse("2016-01-01"),
                LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2016-01-01")));
        publish(kafka, "Cadre", cadre, sequence.getAndIncrement(), new SanctionImposed(cadre,
                UUID.randomUUID().toString(), SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委", "违反工作纪律",
                LocalDate.parse("2024-03-01")));
        LocalTokens mint = context.getBean(LocalTokens.class);
        String reviewer = mint.mint("fz-reviewer", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null);
        tokens = List.of(reviewer, reviewer, mint.mint("fz-cadre", List.of(Role.CADRE), List.of(), cadre),
                mint.mint("fz-auditor", List.of(Role.AUDITOR), List.of(Caller.ALL_UNITS), null),
                mint.mint("fz-admin", List.of(Role.ADMIN), List.of(Caller.ALL_UNITS), null), "");
        known = Map.of("cadreId", List.of(cadre), "streamId", List.of(cadre), "unitId", List.of(unit));
        await().atMost(Duration.ofSeconds(60)).until(() -> ParameterFuzz.get(base, new ParameterFuzz.Request(null,
                "/api/v1/cadres/" + cadre + "/dossier", reviewer), Duration.ofSeconds(30)).status() == 200);
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

    private static void publish(KafkaTemplate<String, byte[]> kafka, String aggregate, String subject, long sequence,
            LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregate, subject, sequence,
                Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }
}
