package cn.ledger.local.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the fuzz run sent and got, per endpoint, and each distinct violation with its smallest example. */
final class Report {

    static final class Row {
        int requests;
        int ok;
        int clientError;
        int serverError;
        int noAnswer;
        long slowestMillis;
    }

    record Violation(String property, String endpoint, String detail, Request request) {}

    private final Map<String, Row> rows = new TreeMap<>();
    private final Map<String, Violation> violations = new LinkedHashMap<>();
    private final List<String> afterRun = new ArrayList<>();
    private long slowestMillis = -1;
    private String slowest = "";

    synchronized void endpoint(String key) {
        rows.computeIfAbsent(key, k -> new Row());
    }

    synchronized void answered(Request request, int status, long millis) {
        Row row = rows.computeIfAbsent(request.op().key(), k -> new Row());
        row.requests++;
        if (status < 0) {
            row.noAnswer++;
        } else if (status >= 500) {
            row.serverError++;
        } else if (status >= 400) {
            row.clientError++;
        } else if (status >= 200 && status < 300) {
            row.ok++;
        }
        row.slowestMillis = Math.max(row.slowestMillis, millis);
        if (millis > slowestMillis) {
            slowestMillis = millis;
            slowest = request.toString();
        }
    }

    /** Keeps, per property, endpoint and kind of answer, the shortest request that broke it. */
    synchronized void violated(String property, Request request, String kind, String detail) {
        String key = property + "|" + request.op().key() + "|" + kind;
        Violation seen = violations.get(key);
        if (seen == null || request.toString().length() < seen.request().toString().length()) {
            violations.put(key, new Violation(property, request.op().key(), kind + ": " + detail, request));
        }
    }

    synchronized int violations() {
        return violations.size();
    }

    synchronized void afterRun(String line) {
        afterRun.add(line);
    }

    synchronized String markdown(String seed, int tries, int parkedQuery, int parkedRanking, int accepted) {
        StringBuilder b = new StringBuilder();
        b.append("# Fuzz run\n\nseed `").append(seed).append("`, ").append(tries).append(" tries; ")
                .append(accepted).append(" commands accepted; parked: ledger-query ").append(parkedQuery)
                .append(", ranking-projector ").append(parkedRanking).append("\n\n");
        b.append("| endpoint | requests | 2xx | 4xx | 5xx | no answer | slowest ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
        Row total = new Row();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            b.append("| `").append(e.getKey()).append("` | ").append(r.requests).append(" | ").append(r.ok).append(" | ")
                    .append(r.clientError).append(" | ").append(r.serverError).append(" | ").append(r.noAnswer)
                    .append(" | ").append(r.slowestMillis).append(" |\n");
            total.requests += r.requests;
            total.ok += r.ok;
            total.clientError += r.clientError;
            total.serverError += r.serverError;
            total.noAnswer += r.noAnswer;
        }
        b.append("| **all ").append(rows.size()).append(" endpoints** | ").append(total.requests).append(" | ")
                .append(total.ok).append(" | ").append(total.clientError).append(" | ").append(total.serverError)
                .append(" | ").append(total.noAnswer).append(" | ").append(slowestMillis).append(" |\n\n");
        b.append("Slowest request: ").append(slowestMillis).append(" ms, `").append(slowest.replace("`", "'"))
                .append("`\n\n");
        b.append("## Violations (").append(violations.size()).append(")\n\n");
        for (Violation v : violations.values()) {
            b.append("- **").append(v.property()).append("** `").append(v.endpoint()).append("`: ")
                    .append(v.detail().replace("\n", " ")).append("\n  - `").append(v.request().toString()
                            .replace("`", "'")).append("`\n");
        }
        if (!afterRun.isEmpty()) {
            b.append("\n## After the run\n\n");
            afterRun.forEach(line -> b.append("- ").append(line.replace("\n", " ")).append('\n'));
        }
        return b.toString();
    }

    void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
