package cn.ledger.security.testing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.web.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table of refusals in {@code docs/errors.md}, read as the services' tests see it: each row a case
 * (its name, the services that answer it, the status and the problem type). {@link #check} runs a
 * service's cases against the rows naming that service and fails when a row has no case, a case has no
 * row, or an answer differs from its row — so the document cannot drift from the services.
 */
public final class ErrorTable {

    /** A row: {@code | `case` | service, service | status | `type` | when |}. */
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*`([a-z0-9-]+)`\\s*\\|\\s*([a-z, -]+?)\\s*\\|\\s*(\\d{3})\\s*\\|\\s*`([a-z0-9-]+)`\\s*\\|(.*)\\|\\s*$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Row(String name, Set<String> services, int status, String type, String when) {}

    /** What a case was answered: the status and the problem's {@code type} (null when the body is no problem). */
    public record Answer(int status, String type, String body) {

        public static Answer of(HttpResponse<String> response) {
            String type = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                JsonNode node = JSON.readTree(response.body());
                type = node.path("type").asString(null);
            }
            return new Answer(response.statusCode(), type, response.body());
        }
    }

    /** Drives one case against a running service and returns its answer. */
    @FunctionalInterface
    public interface Case {
        Answer run() throws Exception;
    }

    private ErrorTable() {}

    /** docs/errors.md of this checkout, found from the module's directory upwards. */
    public static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("errors.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/errors.md not found above " + Path.of("").toAbsolutePath());
    }

    /** Every row of the table, in the file's order; a case named twice is an error. */
    public static List<Row> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Set<String> services = new LinkedHashSet<>();
                for (String s : m.group(2).split(",")) {
                    services.add(s.trim());
                }
                Row row = new Row(m.group(1), services, Integer.parseInt(m.group(3)), m.group(4), m.group(5).trim());
                if (!names.add(row.name())) {
                    throw new IllegalStateException("docs/errors.md names case " + row.name() + " twice");
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The rows that name the service. */
    public static Map<String, Row> rowsOf(String service) {
        Map<String, Row> mine = new LinkedHashMap<>();
        rows().stream().filter(r -> r.services().contains(service)).forEach(r -> mine.put(r.name(), r));
        return mine;
    }

    /**
     * Runs every case of the service and checks its status and type against its row; fails, listing all
     * of them, when a row has no case, a case no row, an answer differs, or a case's own checks fail.
     */
    public static void check(String service, Map<String, Case> cases) throws Exception {
        Map<String, Row> rows = rowsOf(service);
        assertThat(rows).as("docs/errors.md has rows for " + service).isNotEmpty();
        Set<String> withoutCase = new TreeSet<>(rows.keySet());
        withoutCase.removeAll(cases.keySet());
        Set<String> withoutRow = new TreeSet<>(cases.keySet());
        withoutRow.removeAll(rows.keySet());
        List<String> failures = new ArrayList<>();
        withoutCase.forEach(n -> failures.add(n + ": a row of docs/errors.md for " + service + " with no case"));
        withoutRow.forEach(n -> failures.add(n + ": a case of " + service + " with no row in docs/errors.md"));
        for (Map.Entry<String, Case> c : cases.entrySet()) {
            Row row = rows.get(c.getKey());
            if (row == null) {
                continue;
            }
            Answer answer;
            try {
                answer = c.getValue().run();
            } catch (Exception | AssertionError e) {
                failures.add(c.getKey() + ": the case failed: " + e);
                continue;
            }
            String expectedType = Problems.BASE + row.type();
            if (answer.status() != row.status() || !expectedType.equals(answer.type())) {
                failures.add(c.getKey() + ": docs/errors.md says " + row.status() + " " + expectedType + ", "
                        + service + " answered " + answer.status() + " " + answer.type() + " " + answer.body());
            }
        }
        assertThat(failures).as("the table of refusals and what " + service + " answers").isEmpty();
    }
}
