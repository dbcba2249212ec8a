package cn.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's one table — figure, ours, limit, ratio, target — printed, and written as JSON and
 * Markdown with the machine and the versions.
 */
final class Report {

    /**
     * One figure. {@code ratio} is ours ÷ limit (for latencies limit ÷ ours is not used: the ratio is
     * always ours over the limit, and the target says which way is good); {@code met} is null when the
     * figure has no target.
     */
    record Row(String figure, String unit, double ours, Double limit, String limitName, String target, Boolean met,
            String note) {

        Double ratio() {
            return limit == null || limit == 0 ? null : ours / limit;
        }
    }

    /** A table printed after the figures: a title, its column names, its lines (first cell the line's name). */
    record Table(String title, List<String> columns, List<List<String>> lines) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();

    void context(String key, Object value) {
        context.put(key, value);
    }

    Row add(Row row) {
        rows.add(row);
        System.out.println("[bench] " + line(row));
        return row;
    }

    void table(String title, List<String> columns, List<List<String>> lines) {
        tables.add(new Table(title, List.copyOf(columns), List.copyOf(lines)));
    }

    List<Row> rows() {
        return rows;
    }

    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String line(Row r) {
        return r.figure() + ": " + number(r.ours()) + " " + r.unit()
                + (r.limit() == null ? "" : " (limit " + number(r.limit()) + ", ratio " + number(r.ratio()) + ")")
                + (r.target() == null ? "" : " target " + r.target() + (r.met() ? " met" : " NOT met"));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Benchmark run ").append(startedAt).append(": ");
        md.append(context.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b)
                .orElse("")).append("\n\n");
        md.append("| figure | ours | limit of this machine | ratio | target | met |\n");
        md.append("|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.figure()).append(" | ").append(number(r.ours())).append(' ').append(r.unit())
                    .append(" | ").append(r.limit() == null ? "—" : number(r.limit()) + " " + r.unit() + " (" + r.limitName() + ")")
                    .append(" | ").append(r.ratio() == null ? "—" : number(r.ratio()))
                    .append(" | ").append(r.target() == null ? "—" : r.target())
                    .append(" | ").append(r.met() == null ? "—" : r.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        List<Row> noted = rows.stream().filter(r -> r.note() != null).toList();
        if (!noted.isEmpty()) {
            md.append('\n');
            noted.forEach(r -> md.append("- ").append(r.figure()).append(": ").append(r.note()).append('\n'));
        }
        for (Table t : tables) {
            md.append('\n').append(t.title()).append(":\n\n");
            md.append("| ").append(String.join(" | ", t.columns())).append(" |\n|---");
            md.append("|---:".repeat(t.columns().size() - 1)).append("|\n");
            t.lines().forEach(l -> md.append("| ").append(String.join(" | ", l)).append(" |\n"));
        }
        return md.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", Instant.now().toString());
        json.put("context", context);
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("figure", r.figure());
            f.put("unit", r.unit());
            f.put("ours", r.ours());
            f.put("limit", r.limit());
            f.put("limitName", r.limitName());
            f.put("ratio", r.ratio());
            f.put("target", r.target());
            f.put("met", r.met());
            f.put("note", r.note());
            figures.add(f);
        }
        json.put("figures", figures);
        json.put("tables", tables);
        return json;
    }

    /** Writes {@code <dir>/bench-<time>.json|.md} and {@code latest.json|.md}; returns the Markdown file. */
    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        String stamp = startedAt.toString().replace(":", "").replaceAll("\\.\\d+", "");
        String md = markdown();
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json());
        Path mdFile = directory.resolve("bench-" + stamp + ".md");
        Files.writeString(mdFile, md);
        Files.write(directory.resolve("bench-" + stamp + ".json"), json);
        Files.writeString(directory.resolve("latest.md"), md);
        Files.write(directory.resolve("latest.json"), json);
        return mdFile;
    }
}
