package cn.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Grafana dashboard, its provisioning and the compose wiring parse and fit together. */
class OperationsFilesTest {

    static final Path HOME = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();

    @Test
    void theDashboardParsesAndEveryPanelQueriesTheProvisionedPrometheus() throws IOException {
        GrafanaDashboard dashboard = GrafanaDashboard.read(HOME);
        assertThat(dashboard.json.path("uid").asText()).isEqualTo("ledger");
        assertThat(dashboard.json.path("title").asText()).isNotBlank();
        List<JsonNode> panels = dashboard.panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode panel : panels) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("prometheus");
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
                assertThat(GrafanaDashboard.metricNames(target.path("expr").asText())).as(target.toString()).isNotEmpty();
            }
        }
        assertThat(dashboard.metricNames()).contains("ledger_commands_total", "ledger_events_appended_total",
                "ledger_publisher_lag", "ledger_projection_consumer_lag", "ledger_projection_event_age_seconds_bucket",
                "ledger_projection_dead_letters_total", "ledger_projection_rebuild_lag",
                "ledger_eligibility_evaluations_seconds_count", "http_server_requests_seconds_bucket",
                "http_server_requests_seconds_count", "jvm_memory_used_bytes");
    }

    @Test
    void metricNamesAreTakenFromExpressionsAndNotFromLabelsOrFunctions() {
        assertThat(GrafanaDashboard.metricNames("histogram_quantile(0.95, sum by (le, application) "
                + "(rate(http_server_requests_seconds_bucket{uri!~\"/actuator.*\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(GrafanaDashboard.metricNames("sum(rate(a_sum[5m])) / sum(rate(a_count[5m]))"))
                .containsExactly("a_sum", "a_count");
        assertThat(GrafanaDashboard.present("x_seconds_bucket", "# TYPE x_seconds histogram\nx_seconds_bucket{le=\"1\"} 1\n"))
                .isTrue();
        assertThat(GrafanaDashboard.present("x_seconds_count", "# TYPE x_seconds summary\n")).isTrue();
        assertThat(GrafanaDashboard.present("y_total", "# TYPE x_seconds summary\nyy_total 1\n")).isFalse();
    }

    @Test
    void provisioningPointsGrafanaAtPrometheusAndTheDashboardDirectory() throws IOException {
        Map<String, Object> datasources = yaml(HOME.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> prometheus = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(prometheus).containsEntry("type", "prometheus").containsEntry("uid", "prometheus")
                .containsEntry("url", "http://prometheus:9090");

        Map<String, Object> dashboards = yaml(HOME.resolve("ops/grafana/provisioning/dashboards/ledger.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> provider = ((List<Map<String, Object>>) dashboards.get("providers")).get(0);
        @SuppressWarnings("unchecked")
        String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
        assertThat(provider).containsEntry("type", "file");

        Map<String, Object> compose = yaml(HOME.resolve("docker-compose.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> grafana = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("grafana");
        assertThat(grafana).isNotNull();
        assertThat(String.valueOf(grafana.get("image"))).startsWith("grafana/grafana");
        assertThat(String.valueOf(grafana.get("ports"))).contains("3000:3000");
        assertThat(String.valueOf(grafana.get("volumes")))
                .contains("./ops/grafana/provisioning:/etc/grafana/provisioning")
                .contains("./ops/grafana/dashboards:" + path);

        Map<String, Object> scrape = yaml(HOME.resolve("ops/prometheus.yml"));
        assertThat(String.valueOf(scrape.get("scrape_configs"))).contains("/actuator/prometheus")
                .contains("ledger-command:8081").contains("ledger-query:8082").contains("ranking-projector:8083")
                .contains("oauth2").contains("client_id=prometheus").contains("client_secret_file");
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        assertThat(file).exists();
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> parsed = new Yaml().load(reader);
            assertThat(parsed).as(file.toString()).isNotNull();
            return parsed;
        }
    }
}
