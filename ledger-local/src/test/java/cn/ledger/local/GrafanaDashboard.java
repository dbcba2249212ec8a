package cn.ledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's Grafana dashboard: its PromQL expressions and the metric names they use. */
final class GrafanaDashboard {

    static final Path FILE = Path.of("ops/grafana/dashboards/ledger.json");

    /** PromQL words that are not metric names: aggregations, functions, keywords. */
    private static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "rate", "irate", "increase", "delta", "idelta",
            "histogram_quantile", "label_values", "abs", "clamp_min", "clamp_max", "sort", "sort_desc", "time",
            "vector", "scalar", "absent", "deriv", "predict_linear", "avg_over_time", "max_over_time",
            "min_over_time", "sum_over_time", "inf", "nan");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    final JsonNode json;

    private GrafanaDashboard(JsonNode json) {
        this.json = json;
    }

    static GrafanaDashboard read(Path projectHome) throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(projectHome.resolve(FILE).toFile()));
    }

    /** Every panel, rows' nested panels included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.add(target.get("expr").asText());
                }
            }
        }
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("query").isTextual()) {
                expressions.add(variable.path("query").asText());
            }
        }
        return expressions;
    }

    Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        expressions().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /** The metric names of one expression: label matchers, grouping labels, ranges and strings taken out first. */
    static Set<String> metricNames(String expression) {
        String e = expression
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")             // string literals
                .replaceAll("\\{[^}]*}", " ")                             // label matchers
                .replaceAll("\\[[^\\]]*]", " ")                           // ranges, $__rate_interval
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(e);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < e.length() && e.charAt(after) == ' ') {
                after++;
            }
            boolean call = after < e.length() && e.charAt(after) == '(';
            boolean number = m.start() > 0 && (Character.isDigit(e.charAt(m.start() - 1)) || e.charAt(m.start() - 1) == '.');
            if (!call && !number && !PROMQL.contains(word.toLowerCase()) && !word.startsWith("$")) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * Whether a scrape holds the metric: as a sample name, or (for a histogram's or summary's
     * {@code _bucket}/{@code _count}/{@code _sum}, a counter's {@code _total}) as the family it belongs to.
     */
    static boolean present(String metric, String scrape) {
        if (Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(scrape).find()) {
            return true;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total")) {
            if (metric.endsWith(suffix)) {
                String family = metric.substring(0, metric.length() - suffix.length());
                if (Pattern.compile("(?m)^# TYPE " + Pattern.quote(family) + " ").matcher(scrape).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
