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

    /**
     * A rule of a read service's table: the roles allowed, the path variable naming the cadre who may
     * read it about themself (or null), a query string that makes the request well-formed, and whether
     * it is public.
     */
    public record Access(java.util.Set<cn.ledger.security.Role> roles, String self, String query, boolean open) {
        public static Access of(String query, cn.ledger.security.Role... roles) {
            return new Access(java.util.Set.of(roles), null, query, false);
        }

        public static Access self(String variable, String query, cn.ledger.security.Role... roles) {
            return new Access(java.util.Set.of(roles), variable, query, false);
        }

        public static Access open(String query) {
            return new Access(java.util.Set.of(), null, query, true);
        }
    }

    /** Mints a token for a role (and, for a cadre, their id). */
    public interface Tokens {
        String token(cn.ledger.security.Role role, String cadre);
    }

    /**
     * Runs the matrix over every endpoint: no token 401, a role not listed 403, another cadre 403, a
     * listed role (or the cadre themself) neither 401, 403 nor 5xx; public endpoints open to all.
     * Answers the failures.
     */
    public static List<String> run(String baseUrl, Map<Endpoint, Access> assigned, Map<String, String> values,
            Tokens tokens) {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Endpoint, Access> e : assigned.entrySet()) {
            Endpoint endpoint = e.getKey();
            Access access = e.getValue();
            String url = baseUrl + fill(endpoint.pattern(), values) + (access.query() == null ? "" : access.query());
            String body = "GET".equals(endpoint.method()) ? null : "{}";
            if (access.open()) {
                allowed(failures, endpoint + " without a token", send(endpoint.method(), url, null, body));
                continue;
            }
            refused(failures, endpoint + " without a token", send(endpoint.method(), url, null, body), 401);
            for (cn.ledger.security.Role role : cn.ledger.security.Role.values()) {
                if (!access.roles().contains(role)) {
                    refused(failures, endpoint + " as " + role,
                            send(endpoint.method(), url, tokens.token(role, "someone-else"), body), 403);
                }
            }
            if (access.self() != null) {
                allowed(failures, endpoint + " as the cadre themself", send(endpoint.method(), url,
                        tokens.token(cn.ledger.security.Role.CADRE, values.get(access.self())), body));
            }
            for (cn.ledger.security.Role role : access.roles()) {
                allowed(failures, endpoint + " as " + role, send(endpoint.method(), url, tokens.token(role, null), body));
            }
        }
        return failures;
    }

    public static void refused(List<String> failures, String what, Response response, int status) {
        if (response.status() != status || !response.isProblem() || !response.body().contains("urn:ledger:problem:")) {
            failures.add(what + ": expected " + status + " problem+json, got " + response);
        }
    }

    public static void allowed(List<String> failures, String what, Response response) {
        if (response.status() == 401 || response.status() == 403 || response.status() >= 500) {
            failures.add(what + ": expected to pass authorisation, got " + response);
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
