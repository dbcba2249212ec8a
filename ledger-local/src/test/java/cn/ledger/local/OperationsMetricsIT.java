package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's metrics, read as Prometheus reads them: the three services as their own JVMs over real
 * PostgreSQL and Kafka, a few commands (one refused), then {@code /actuator/prometheus} of each scraped
 * as the admin (on the test JVM's {@link SharedSystem}: counters are read as what the test's commands added).
 * Commands are counted by type and outcome, events appended, the publisher and the consumers
 * back to no lag, event age recorded; and every metric the Grafana dashboard queries is in some scrape.
 */
@ExtendWith(SharedSystem.class)
class OperationsMetricsIT {

    static final Path HOME = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();

    static LocalSystem system;
    static LedgerClient client;
    static LedgerClient admin;

    @BeforeAll
    static void startSystem() {
        system = SharedSystem.system();
        client = new LedgerClient(system.tokens().mint("ops-recorder", List.of(Role.RECORDER, Role.ASSESSOR,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER), List.of("*"), null));
        admin = new LedgerClient(system.tokens().mint("ops-admin", List.of(Role.ADMIN), List.of("*"), null));
    }

    @Test
    void theMetricsAnswerTheOperatorsQuestionsAndTheDashboardQueriesOnlyWhatExists() throws Exception {
        String command = system.command().baseUrl() + "/api/v1";
        String query = system.query().baseUrl() + "/api/v1";
        String p = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // the services are the JVM's shared ones: the counters are read as what this test's commands added
        String commandBefore = scrape(system.command().baseUrl());
        client.post(command + "/units", "{\"unitId\":" + q(p + "office") + ",\"name\":\"培黎街道\",\"category\":"
                + "\"STREET_OFFICE\",\"parentUnitId\":null,\"effectiveDate\":\"2023-01-01\"}").expect(201);
        client.post(command + "/cadres", "{\"cadreId\":" + q(p + "wang") + ",\"name\":\"测试干部\",\"unitId\":"
                + q(p + "office") + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\","
                + "\"rank\":\"一级主任科员\",\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\","
                + "\"grassrootsYears\":3,\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
        for (String aspect : List.of("项目双进", "基层党建")) {
            client.post(command + "/cadres/" + p + "wang/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":" + q(aspect)
                    + ",\"points\":2,\"summary\":\"测试\",\"effectiveDate\":\"2023-09-10\"}").expect(201);
        }
        // refused, a clash with the record: the cadre is already in that unit
        client.post(command + "/cadres/" + p + "wang/transfers", "{\"toUnitId\":" + q(p + "office")
                + ",\"effectiveDate\":\"2023-09-01\"}").expect(409);
        // projected: the entries are on the cadre's totals, and an eligibility answer was evaluated
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(client.get(query + "/cadres/" + p
                + "wang/entries/totals").expect(200).json().at("/positive/count").asInt()).isEqualTo(2));
        client.get(query + "/cadres/" + p + "wang/eligibility?purpose=RANK_PROMOTION").expect(200);

        // ledger-command: commands by type and outcome, events appended, the publisher caught up
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            String scrape = scrape(system.command().baseUrl());
            assertThat(value(scrape, "ledger_publisher_lag", Map.of())).hasValue(0.0);
        });
        String commandScrape = scrape(system.command().baseUrl());
        assertThat(added(commandBefore, commandScrape, "ledger_commands_total",
                Map.of("type", "RegisterUnit", "outcome", "ok"))).isEqualTo(1.0);
        assertThat(added(commandBefore, commandScrape, "ledger_commands_total",
                Map.of("type", "RecordEntry", "outcome", "ok"))).isEqualTo(2.0);
        // a clash with what is recorded (409) is counted as a conflict, not as a rule's refusal
        assertThat(added(commandBefore, commandScrape, "ledger_commands_total",
                Map.of("type", "TransferCadre", "outcome", "conflict"))).isEqualTo(1.0);
        assertThat(added(commandBefore, commandScrape, "ledger_commands_total",
                Map.of("type", "TransferCadre", "outcome", "ok"))).isZero();
        assertThat(added(commandBefore, commandScrape, "ledger_events_appended_total", Map.of("type", "UnitRegistered")))
                .isEqualTo(1.0);
        assertThat(added(commandBefore, commandScrape, "ledger_events_appended_total",
                Map.of("type", "PositiveEntryRecorded"))).isEqualTo(2.0);
        assertThat(added(commandBefore, commandScrape, "ledger_events_appended_total",
                Map.of("type", "CadreTransferred"))).isZero();
        double appended = sum(commandScrape, "ledger_events_appended_total");
        assertThat(appended).isGreaterThanOrEqualTo(4.0);
        assertThat(sum(commandScrape, "ledger_publisher_events_total")).isGreaterThanOrEqualTo(appended);

        // the projectors: caught up (no consumer lag), event age recorded as a histogram
        Map<String, String> scrapes = new LinkedHashMap<>();
        for (var service : List.of(system.query(), system.ranking())) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                String scrape = scrape(service.baseUrl());
                assertThat(value(scrape, "ledger_projection_consumer_lag", Map.of())).as(service.baseUrl()).hasValue(0.0);
            });
            String scrape = scrape(service.baseUrl());
            scrapes.put(service.baseUrl(), scrape);
            assertThat(sum(scrape, "ledger_projection_event_age_seconds_count")).as(service.baseUrl())
                    .isGreaterThanOrEqualTo(4.0);
            assertThat(scrape).contains("ledger_projection_event_age_seconds_bucket{");
            assertThat(sum(scrape, "ledger_projection_events_total")).isGreaterThanOrEqualTo(4.0);
            assertThat(scrape).contains("ledger_projection_dead_letters_total{").contains("ledger_projection_rebuild_lag{")
                    .contains("http_server_requests_seconds_bucket{");
        }
        assertThat(sum(scrapes.get(system.query().baseUrl()), "ledger_eligibility_evaluations_seconds_count"))
                .isGreaterThanOrEqualTo(1.0);
        scrapes.put(system.command().baseUrl(), commandScrape);

        // every metric the dashboard queries is scraped from some service
        GrafanaDashboard dashboard = GrafanaDashboard.read(HOME);
        assertThat(dashboard.metricNames()).hasSizeGreaterThanOrEqualTo(10);
        List<String> missing = new ArrayList<>();
        for (String metric : dashboard.metricNames()) {
            if (scrapes.values().stream().noneMatch(scrape -> GrafanaDashboard.present(metric, scrape))) {
                missing.add(metric);
            }
        }
        assertThat(missing).as("metrics the dashboard queries that no service exposes").isEmpty();
    }

    static String scrape(String baseUrl) {
        return admin.get(baseUrl + "/actuator/prometheus").expect(200).body();
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    /** The sum of the samples of a metric whose labels include the given ones; empty when there are none. */
    static OptionalDouble value(String scrape, String metric, Map<String, String> labels) {
        Matcher m = SAMPLE.matcher(scrape);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            if (!m.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> have = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    have.put(l.group(1), l.group(2));
                }
            }
            if (have.entrySet().containsAll(labels.entrySet())) {
                total += Double.parseDouble(m.group(4));
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /** How much a metric (the samples whose labels include the given ones) grew from one scrape to the next. */
    static double added(String before, String after, String metric, Map<String, String> labels) {
        return value(after, metric, labels).orElse(0) - value(before, metric, labels).orElse(0);
    }

    static double sum(String scrape, String metric) {
        return value(scrape, metric, Map.of()).orElse(0);
    }
}
