package cn.ledger.security.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Test support for the access matrix: every endpoint a service's controllers declare, each matched to
 * a rule of the test's table (an exact {@code "POST /api/v1/…/{id}/…"} or a prefix {@code "GET /api/v1/audit/**"});
 * an endpoint without a rule fails the test.
 */
public final class EndpointMatrix {

    public record Endpoint(String method, String pattern) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    public record Response(int status, String contentType, String body) {
        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private EndpointMatrix() {}

    /** Every (method, pattern) of the controllers under {@code /api/}. */
    public static List<Endpoint> endpoints(RequestMappingHandlerMapping mapping) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("GET", pattern));
                }
                methods.forEach(m -> endpoints.add(new Endpoint(m.name(), pattern)));
            }
        }
        endpoints.sort(java.util.Comparator.comparing(Endpoint::toString));
        return endpoints;
    }

    /**
     * The rule for each endpoint: the table entry with the same method and pattern, else a prefix
     * entry ({@code …/**}) whose pattern matches it. Fails naming every endpoint without a rule.
     */
    public static <R> Map<Endpoint, R> assign(List<Endpoint> endpoints, Map<String, R> rules) {
        Map<Endpoint, R> assigned = new LinkedHashMap<>();
        TreeSet<String> missing = new TreeSet<>();
        for (Endpoint endpoint : endpoints) {
            R rule = rules.get(endpoint.toString());
            if (rule == null) {
                for (Map.Entry<String, R> candidate : rules.entrySet()) {
                    String[] parts = candidate.getKey().split(" ", 2);
                    if (parts[1].endsWith("/**") && parts[0].equals(endpoint.method())
                            && PathPatternParser.defaultInstance.parse(parts[1])
                                    .matches(PathContainer.parsePath(endpoint.pattern()))) {
                        rule = candidate.getValue();
                        break;
                    }
                }
            }
            if (rule == null) {
                missing.add(endpoint.toString());
            } else {
                assigned.put(endpoint, rule);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("endpoints without an access rule in the test's table (add one, and one in the "
                    + "service's access rules): " + missing);
        }
        return assigned;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

    /** The pattern with its path variables replaced by the given values ({@code x1} for others). */
    public static String fill(String pattern, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).replaceAll(":.*", "");
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(name, "x1")));
        }
        m.appendTail(out);
        return out.toString().replace("/**", "/x1");
    }

    public static Response send(String method, String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
