package cn.ledger.security.testing;

import cn.ledger.security.testing.EndpointMatrix.Endpoint;
import cn.ledger.security.web.SafeText;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends many broken requests, generated from a seed, to every endpoint of a service — no body, the wrong
 * content type, broken JSON, values of the wrong type, unknown enum values, bad path variables, bad query
 * parameters, methods the endpoint does not take — each with a token of a role allowed to call it, and
 * checks the property every answer must have: an error answer (4xx/5xx) names no code (no package, class,
 * exception or method signature, no parser internals), and a problem answer has a catalogue type and the
 * correlation id.
 */
public final class BrokenRequests {

    /** What the endpoint needs to be called as someone allowed to: a token, path values, a valid body and query. */
    public record Target(String token, Map<String, String> values, String validBody, String validQuery) {}

    /** The requests sent, the answers by status, and every answer that broke the property. */
    public record Outcome(int sent, Map<Integer, Integer> statuses, List<String> failures) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/:]+)(:[^}]*)?}");

    private static final List<String> BROKEN_JSON = List.of("{", "{\"a\":", "nul", "[1,", "{\"a\":1,}", "{'a':1}",
            "{\"a\":\"\\uZZZZ\"}", "\u0000\u0001", "{\"a\":01}", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}", "\"just text\"",
            "{\"a\":\"unterminated}", "{\"a\":[" + "[".repeat(40) + "]}");
    private static final List<Object> WRONG_VALUES = List.of(5, -1, 1.5e308, "", "NO_SUCH_VALUE", "x y z", true,
            List.of(1, 2), Map.of("x", 1), "2023-13-45", "9999999999-01-01", "-1000000000-01-01", "长".repeat(300),
            "1e-400", 12345678901234567890.0);
    private static final List<String> BAD_PATH_VALUES = List.of("%20", "..", "a%2Fb", "x%00y", "%E4%B8", "-1",
            "99999999999999999999", "NO_SUCH", "a".repeat(300), "%F0%9F%98%80", "1e9", "2023-13", "0000-01");
    private static final List<String> BAD_QUERY_VALUES = List.of("", "x", "-1", "99999999999", "2023-13-45",
            "+10000-01-01", "-1000000000-01-01T00:00:00Z", "NO_SUCH_VALUE", "a".repeat(5000), "%E4%B8", "%00",
            "1e400", "0000-01", "2023-Q9");
    private static final List<String> QUERY_NAMES = List.of("asOf", "knownAt", "from", "to", "month", "quarter",
            "purpose", "page", "size", "limit", "version", "treeSize", "target", "issuedBy", "autoSwitch", "user");

    private BrokenRequests() {}

    /**
     * {@code perEndpoint} generated requests to each endpoint (plus fixed ones: no body, wrong content type,
     * wrong methods), from {@code seed}.
     */
    public static Outcome run(String baseUrl, List<Endpoint> endpoints, Function<Endpoint, Target> targets,
            long seed, int perEndpoint) {
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            Target target = targets.apply(endpoint);
            if (target == null) {
                continue;
            }
            String path = fill(endpoint.pattern(), target.values());
            String query = target.validQuery() == null ? "" : target.validQuery();
            List<Request> requests = new ArrayList<>();
            boolean post = "POST".equals(endpoint.method());
            for (String other : List.of("PUT", "DELETE", "PATCH", post ? "GET" : "POST")) {
                requests.add(new Request(other + " instead of " + endpoint.method(), other, path + query,
                        "application/json", "{}"));
            }
            if (post) {
                requests.add(new Request("no body", "POST", path + query, "application/json", null));
                requests.add(new Request("text/plain", "POST", path + query, "text/plain", nonNull(target.validBody())));
                requests.add(new Request("xml", "POST", path + query, "application/xml", "<a>1</a>"));
            }
            for (int i = 0; i < perEndpoint; i++) {
                Request r = generated(random, endpoint, path, query, target);
                if (r != null) {
                    requests.add(r);
                }
            }
            for (Request r : requests) {
                sent++;
                EndpointMatrix.Response response = r.send(baseUrl, target.token());
                statuses.merge(response.status(), 1, Integer::sum);
                String problem = violation(response);
                if (problem != null) {
                    failures.add(endpoint + " with " + r.what() + " (" + r.method() + " " + r.target() + "): " + problem
                            + ": " + shortened(response.toString()));
                }
            }
        }
        return new Outcome(sent, statuses, failures);
    }

    /** Why an answer breaks the property, or null. */
    static String violation(EndpointMatrix.Response response) {
        if (response.status() < 400) {
            return null;
        }
        String body = response.body() == null ? "" : response.body();
        for (String marker : SafeText.CODE_MARKERS) {
            if (body.contains(marker)) {
                return "names code (" + marker + ")";
            }
        }
        if (response.isProblem()) {
            try {
                JsonNode json = JSON.readTree(body);
                if (!json.path("type").asString("").startsWith("urn:ledger:problem:")) {
                    return "a problem without a catalogue type";
                }
                if (json.path("correlationId").asString("").isBlank()) {
                    return "a problem without the correlation id";
                }
                if (!json.path("errors").isArray()) {
                    return "a problem without errors";
                }
            } catch (RuntimeException e) {
                return "a problem that is not JSON";
            }
        }
        return null;
    }

    private static Request generated(Random random, Endpoint endpoint, String path, String query, Target target) {
        int kind = random.nextInt(5);
        boolean post = "POST".equals(endpoint.method());
        switch (kind) {
            case 0 -> {
                if (!post) {
                    return badQuery(random, path, query, endpoint.method());
                }
                String json = BROKEN_JSON.get(random.nextInt(BROKEN_JSON.size()));
                String valid = nonNull(target.validBody());
                if (random.nextBoolean() && valid.length() > 2) {
                    json = valid.substring(0, 1 + random.nextInt(valid.length() - 1));
                }
                return new Request("broken JSON", "POST", path + query, "application/json", json);
            }
            case 1, 2 -> {
                if (!post) {
                    return badQuery(random, path, query, endpoint.method());
                }
                JsonNode body = parse(target.validBody());
                if (!(body instanceof ObjectNode object) || object.isEmpty()) {
                    ObjectNode made = JSON.createObjectNode();
                    made.putPOJO("effectiveDate", WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size())));
                    return new Request("a value of the wrong type", "POST", path + query, "application/json",
                            JSON.writeValueAsString(made));
                }
                List<String> fields = new ArrayList<>(object.propertyNames());
                String field = fields.get(random.nextInt(fields.size()));
                Object value = kind == 2 && object.get(field).isString() ? "NO_SUCH_VALUE_" + random.nextInt(100)
                        : WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size()));
                object.set(field, JSON.valueToTree(value));
                return new Request((kind == 2 ? "an unknown value of " : "a wrong value of ") + field, "POST",
                        path + query, "application/json", JSON.writeValueAsString(object));
            }
            case 3 -> {
                Matcher m = VARIABLE.matcher(endpoint.pattern());
                List<String> variables = new ArrayList<>();
                while (m.find()) {
                    variables.add(m.group(1));
                }
                if (variables.isEmpty()) {
                    return badQuery(random, path, query, endpoint.method());
                }
                String variable = variables.get(random.nextInt(variables.size()));
                Map<String, String> values = new LinkedHashMap<>(target.values());
                values.put(variable, BAD_PATH_VALUES.get(random.nextInt(BAD_PATH_VALUES.size())));
                return new Request("a bad " + variable, endpoint.method(), fill(endpoint.pattern(), values) + query,
                        post ? "application/json" : null, post ? target.validBody() : null);
            }
            default -> {
                Request r = badQuery(random, path, query, endpoint.method());
                return post ? new Request(r.what(), r.method(), r.target(), "application/json", target.validBody()) : r;
            }
        }
    }

    /** The valid query with one parameter (a known one, or one of the names the services use) given a bad value. */
    private static Request badQuery(Random random, String path, String query, String method) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.startsWith("?")) {
            for (String pair : query.substring(1).split("&")) {
                int eq = pair.indexOf('=');
                parameters.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        List<String> names = new ArrayList<>(parameters.keySet());
        String name = !names.isEmpty() && random.nextBoolean() ? names.get(random.nextInt(names.size()))
                : QUERY_NAMES.get(random.nextInt(QUERY_NAMES.size()));
        String value = BAD_QUERY_VALUES.get(random.nextInt(BAD_QUERY_VALUES.size()));
        parameters.put(name, value.startsWith("%") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        parameters.forEach((k, v) -> out.append(out.isEmpty() ? "?" : "&").append(k).append('=').append(v));
        return new Request("a bad " + name, method, path + out, null, null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String fill(String pattern, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x1")));
        }
        m.appendTail(out);
        return out.toString().replace("/**", "/x1");
    }

    private static String nonNull(String body) {
        return body == null ? "{}" : body;
    }

    private static String shortened(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    private record Request(String what, String method, String target, String contentType, String body) {
        EndpointMatrix.Response send(String baseUrl, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + target))
                    .timeout(Duration.ofSeconds(60));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new EndpointMatrix.Response(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(null), response.body());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(method + " " + target, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
