package cn.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.embedded.PostgresServer;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness itself, on a tiny district: every measurement runs against the real services, the
 * table is written as JSON and Markdown, and every figure has a value and, where it has a limit, the
 * limit measured in the same run. It checks no figure against a target: those are for the full run.
 */
class BenchIT {

    @Test
    void measuresEveryFigureBesideItsLimitAndWritesTheTable() throws Exception {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        Path results = home.resolve("ledger-bench/target/bench-it-results");
        Bench.Options options = new Bench.Options(6, 40, List.of(1, 4), Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(2), 50, 150, 10, 1500, results,
                home.resolve("ledger-bench/target/bench-it-logs"));
        PostgresServer server = PostgresServer.external(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());

        Path markdown = Bench.run(options, home, server, TestInfrastructure.kafkaBootstrapServers());

        JsonNode json = new ObjectMapper().readTree(Files.readString(results.resolve("latest.json")));
        assertThat(json.at("/context/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.at("/context/axon-messaging").asText()).isEqualTo("4.13.0");
        List<String> figures = new ArrayList<>();
        for (JsonNode figure : json.get("figures")) {
            String name = figure.get("figure").asText();
            figures.add(name);
            assertThat(figure.get("ours").asDouble()).as(name).isPositive();
            if (!figure.get("limit").isNull()) {
                assertThat(figure.get("limit").asDouble()).as(name + " limit").isPositive();
                assertThat(figure.get("ratio").asDouble()).as(name + " ratio")
                        .isCloseTo(figure.get("ours").asDouble() / figure.get("limit").asDouble(),
                                org.assertj.core.data.Offset.offset(1e-9));
            }
            if (!figure.get("target").isNull()) {
                assertThat(figure.get("met").isBoolean()).as(name + " met").isTrue();
            }
        }
        assertThat(figures).contains("Append, 1 client", "Append, 4 clients", "End-to-end lag p99 → ledger-query",
                "End-to-end lag p99 → ranking-projector", "End-to-end lag p99 → on the topic",
                "Eligibility p99 at 50/s", "Dossier p99 at 50/s", "Command latency p50, cadre with 150 events",
                "Rebuild ledger-query", "Rebuild ranking-projector");
        String md = Files.readString(markdown);
        assertThat(md).contains("| figure | ours | limit of this machine | ratio | target | met |");
        for (String figure : figures) {
            assertThat(md).contains("| " + figure + " |");
        }
        assertThat(Files.readString(results.resolve("latest.md"))).isEqualTo(md);
    }
}
