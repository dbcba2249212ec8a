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
                Duration.ofSeconds(4), Duration.ofSeconds(2), 50, 100, 150, 10, 1500, results,
                home.resolve("ledger-bench/target/bench-it-logs"), 2000, 500, true);
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
                assertThat(figure.get("ratio").isNumber()).as(name + " ratio").isTrue();
            }
            if (!figure.get("target").isNull()) {
                assertThat(figure.get("met").isBoolean()).as(name + " met").isTrue();
            }
        }
        assertThat(figures).contains("Append, 1 client", "Append, 4 clients", "End-to-end lag p99 → ledger-query",
                "End-to-end lag p99 → ranking-projector", "End-to-end lag p99 → on the topic",
                "Eligibility p99 at 50/s", "Dossier p99 at 50/s", "Eligibility p99 at 100/s", "Dossier p99 at 100/s",
                "Append vs the plain Axon peer, 1 client", "Append vs the plain Axon peer, 4 clients",
                "Command latency p50, cadre with 150 events",
                "Rebuild ledger-query", "Rebuild ranking-projector");
        // the big log: 500 events seeded, then 1,500 more, each figure of the second beside the first's
        List<String> bigLog = List.of("Merkle log catch-up", "checkpoint", "inclusion proof p99 at 50/s",
                "ledger-verify over the export", "ledger-verify over the tiles", "ledger-command heap after GC",
                "eligibility p99 at 50/s", "rebuild ledger-query", "rebuild ranking-projector");
        for (String figure : bigLog) {
            assertThat(figures).contains("Big log 500: " + figure, "Big log 2,000: " + figure);
            JsonNode big = figure(json, "Big log 2,000: " + figure);
            assertThat(big.get("limit").asDouble()).as(figure + " beside the smaller log's").isPositive();
            if (!figure.equals("Merkle log catch-up")) {
                assertThat(big.get("limit").asDouble()).as(figure).isEqualTo(figure(json, "Big log 500: " + figure)
                        .get("ours").asDouble());
            }
        }
        String md = Files.readString(markdown);
        assertThat(md).contains("| figure | ours | limit of this machine | ratio | target | met |");
        for (String figure : figures) {
            assertThat(md).contains("| " + figure + " |");
        }
        // The ratio and the verdict as a reader of the printed table would check them by hand.
        int checked = 0;
        List<String> figureTable = md.lines().dropWhile(l -> !l.startsWith("| figure")).takeWhile(l -> !l.isEmpty())
                .toList();
        for (String line : figureTable.stream().filter(l -> l.startsWith("| ") && !l.startsWith("| figure")).toList()) {
            String[] cells = line.split(" \\| ");
            String ratioCell = cells[3].trim();
            if (ratioCell.equals("—")) {
                continue;
            }
            double ours = printed(cells[1]);
            double limit = printed(cells[2]);
            double ratio = printed(ratioCell);
            double low = (ours - precision(cells[1])) / (limit + precision(cells[2])) - precision(ratioCell);
            double high = (ours + precision(cells[1])) / (limit - precision(cells[2])) + precision(ratioCell);
            assertThat(ratio).as(line).isBetween(low, high);
            String target = cells[4].trim();
            String met = cells[5].replace("|", "").trim();
            if (!target.equals("—")) {
                double threshold = printed(target);
                boolean absolute = target.endsWith("ms") || target.endsWith("/s");   // else a ratio
                double judged = absolute ? ours : ratio;
                double margin = absolute ? precision(cells[1]) : precision(ratioCell);
                if (Math.abs(judged - threshold) > margin) {  // too close to call from the printed figures
                    boolean expected = target.startsWith("≥") ? judged >= threshold : judged <= threshold;
                    assertThat(met).as(line).isEqualTo(expected ? "yes" : "**no**");
                }
            }
            checked++;
        }
        assertThat(checked).as("figures with a limit").isGreaterThanOrEqualTo(8);
        assertThat(Files.readString(results.resolve("latest.md"))).isEqualTo(md);

        // CPU per operation, by process, for every phase measured
        JsonNode cpu = json.at("/tables/0");
        assertThat(cpu.get("title").asText()).startsWith("CPU milliseconds per operation");
        List<String> processes = new ArrayList<>();
        cpu.get("lines").forEach(l -> processes.add(l.get(0).asText()));
        assertThat(processes).contains("ledger-command", "ledger-query", "ranking-projector", "peer (plain Axon)",
                "PostgreSQL backends of the ledger", "PostgreSQL backends of the peer", "all of them");
        List<String> phases = new ArrayList<>();
        cpu.get("columns").forEach(c -> phases.add(c.asText()));
        assertThat(phases).anyMatch(p -> p.startsWith("ledger append, 4 cl."))
                .anyMatch(p -> p.startsWith("peer append, 4 cl.")).anyMatch(p -> p.startsWith("dossier at 100/s"));
        JsonNode commandLine = cpu.get("lines").get(processes.indexOf("ledger-command"));
        int ledgerAppend = phases.indexOf(phases.stream().filter(p -> p.startsWith("ledger append, 4 cl.")).findFirst()
                .orElseThrow());
        assertThat(printed(commandLine.get(ledgerAppend).asText())).as("ledger-command's CPU per append").isPositive();
        JsonNode peerLine = cpu.get("lines").get(processes.indexOf("peer (plain Axon)"));
        int peerAppend = phases.indexOf(phases.stream().filter(p -> p.startsWith("peer append, 4 cl.")).findFirst()
                .orElseThrow());
        assertThat(printed(peerLine.get(peerAppend).asText())).as("the peer's CPU per append").isPositive();
        assertThat(md).contains("| process | " + String.join(" | ", phases.subList(1, phases.size())) + " |");
    }

    private static JsonNode figure(JsonNode json, String name) {
        for (JsonNode figure : json.get("figures")) {
            if (figure.get("figure").asText().equals(name)) {
                return figure;
            }
        }
        throw new AssertionError("no figure " + name);
    }

    /** The first number printed in a cell: "1,234 commands/s (raw INSERT commits)" → 1234, "≤ 1.5×" → 1.5. */
    private static double printed(String cell) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?").matcher(cell);
        assertThat(m.find()).as(cell).isTrue();
        return Double.parseDouble(m.group().replace(",", ""));
    }

    /** Half the last printed digit of that number: what rounding can have hidden. */
    private static double precision(String cell) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?").matcher(cell);
        assertThat(m.find()).as(cell).isTrue();
        return m.group(1) == null ? 0.5 : 0.5 * Math.pow(10, -(m.group(1).length() - 1));
    }
}
