package cn.ledger.security.testing;

import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Generated GET requests over a service's endpoints, found from its controllers: each path variable
 * and query parameter is given a plausible value or a hostile one (dates far in the past and future
 * or malformed, numbers at and beyond the limits of their type, negative numbers, long strings,
 * control characters, unpaired surrogates and other unicode, invalid UTF-8), and is sometimes left
 * out. What an answer must be: 2xx, or 4xx as problem+json — never 5xx.
 */
public final class ParameterFuzz {

    /** A path variable or query parameter of an endpoint, with the type the controller binds it to. */
    public record Param(String name, Class<?> type, boolean path, boolean required) {}

    public record Route(String pattern, List<Param> params) {
        @Override
        public String toString() {
            return "GET " + pattern;
        }
    }

    /** A request: the route it exercises, the path and query as sent (encoded), and the bearer token ("" for none). */
    public record Request(Route route, String pathAndQuery, String token) {
        @Override
        public String toString() {
            return pathAndQuery.length() > 300 ? pathAndQuery.substring(0, 300) + "… (" + pathAndQuery.length()
                    + " characters)" : pathAndQuery;
        }
    }

    /** Values sent as they are (already percent-encoded): invalid UTF-8 and the like. Query only. */
    static final List<String> RAW_QUERY_VALUES = List.of("%ED%A0%80", "%FF%FE", "%C0%AF", "%00", "%E2%80%AE", "x%0D%0Ay");

    static final List<String> HOSTILE = List.of("", " ", "+999999999-12-31", "-999999999-01-01", "0000-01-01",
            "9999-12-31", "1899-12-31", "2201-01-01", "2023-02-30", "30.06.2024", "2024-6-1", "2024-06-30T00:00",
            "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "0000-01", "0000-Q1", "2023-13", "2023-Q9",
            "9999-Q4", "-1", "0", "-2147483648", "2147483647", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "1e400", "NaN", "0x10", "１２３", "null", "true",
            "RANK_PROMOTION", "rank_promotion", "' OR 1=1 --", "<script>", "\u202Eevil", "干部", "😀",
            "\uD800", "a\u0000b", "\u0007", "x".repeat(65), "y".repeat(301), "z".repeat(4_500));

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private ParameterFuzz() {}

    /** Every GET endpoint under {@code /api/} with the parameters its controller method binds. */
    public static List<Route> routes(RequestMappingHandlerMapping mapping) {
        List<Route> routes = new ArrayList<>();
        DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            var methods = e.getKey().getMethodsCondition().getMethods();
            if (!methods.isEmpty() && methods.stream().noneMatch(m -> m.name().equals("GET"))) {
                continue;
            }
            Method method = e.getValue().getMethod();
            List<Param> params = new ArrayList<>();
            for (int i = 0; i < method.getParameterCount(); i++) {
                MethodParameter parameter = new MethodParameter(method, i);
                parameter.initParameterNameDiscovery(names);
                RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
                PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
                if (query != null) {
                    params.add(new Param(query.name().isEmpty() ? parameter.getParameterName() : query.name(),
                            parameter.getParameterType(), false,
                            query.required() && query.defaultValue().equals(
                                    org.springframework.web.bind.annotation.ValueConstants.DEFAULT_NONE)));
                } else if (path != null) {
                    params.add(new Param(path.name().isEmpty() ? parameter.getParameterName() : path.name(),
                            parameter.getParameterType(), true, true));
                }
            }
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    routes.add(new Route(pattern, params));
                }
            }
        }
        routes.sort(java.util.Comparator.comparing(Route::pattern));
        return routes;
    }

    /**
     * Requests over the routes. {@code known} gives values that exist in the service (a registered
     * cadre's id for {@code cadreId}, …), so that requests also reach past the existence checks.
     */
    public static Arbitrary<Request> requests(List<Route> routes, Map<String, List<String>> known, List<String> tokens) {
        return Arbitraries.of(routes).flatMap(route -> {
            List<Arbitrary<String>> values = route.params().stream().map(p -> value(p, known)).toList();
            Arbitrary<List<String>> all = values.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(values)
                    .as(list -> list);
            return Combinators.combine(all, Arbitraries.of(tokens)).as((list, token) -> {
                Map<String, String> query = new LinkedHashMap<>();
                String path = route.pattern().replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                for (int i = 0; i < route.params().size(); i++) {
                    Param p = route.params().get(i);
                    String v = list.get(i);
                    if (p.path()) {
                        path = path.replace("{" + p.name() + "}", v);
                    } else if (v != null) {
                        query.put(p.name(), v);
                    }
                }
                String q = query.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                        .collect(Collectors.joining("&"));
                return new Request(route, q.isEmpty() ? path : path + "?" + q, token);
            });
        }).filter(r -> r.pathAndQuery().length() < 7_000); // beyond the servlet container's request-line limit
    }

    private static Arbitrary<String> value(Param p, Map<String, List<String>> known) {
        Arbitrary<String> plain = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, typed(p, known)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(HOSTILE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(60).ofMaxLength(3_000)))
                .map(p.path() ? ParameterFuzz::pathSegment : ParameterFuzz::queryValue);
        if (p.path()) {
            return plain;
        }
        Arbitrary<String> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, plain),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(RAW_QUERY_VALUES)));
        return value.injectNull(p.required() ? 0.05 : 0.4);
    }

    /** Plausible values for the parameter's type and name. */
    private static Arbitrary<String> typed(Param p, Map<String, List<String>> known) {
        List<String> knownValues = known.getOrDefault(p.name(), List.of());
        Arbitrary<String> byType;
        Class<?> type = p.type();
        if (type.isEnum()) {
            byType = Arbitraries.of(java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).toList());
        } else if (type == LocalDate.class) {
            byType = Arbitraries.integers().between(1890, 2210).flatMap(year -> Arbitraries.integers().between(1, 365)
                    .map(day -> LocalDate.ofYearDay(year, day).toString()));
        } else if (type == Instant.class) {
            byType = Arbitraries.longs().between(-2_300_000_000L, 7_300_000_000L).map(s -> Instant.ofEpochSecond(s).toString());
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            byType = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-2, 1_100).map(String::valueOf)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.longs().map(String::valueOf)));
        } else if (type == boolean.class || type == Boolean.class) {
            byType = Arbitraries.of("true", "false");
        } else {
            String name = p.name().toLowerCase(java.util.Locale.ROOT);
            if (name.contains("month") || name.equals("from") || name.equals("to")) {
                byType = Arbitraries.oneOf(Arbitraries.integers().between(1890, 2210).flatMap(y -> Arbitraries.integers()
                        .between(1, 12).map(m -> String.format("%04d-%02d", y, m))),
                        Arbitraries.integers().between(1890, 2210).map(y -> y + "-06-30"));
            } else if (name.contains("quarter")) {
                byType = Arbitraries.integers().between(1890, 2210).flatMap(y -> Arbitraries.integers().between(1, 4)
                        .map(q -> y + "-Q" + q));
            } else if (name.equals("asof")) {
                byType = Arbitraries.integers().between(1890, 2210).map(y -> y + "-01-31");
            } else {
                byType = Arbitraries.of("x1", "u1", "c-1", "县处副", "STREET_OFFICE");
            }
        }
        return knownValues.isEmpty() ? byType
                : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.of(knownValues)), net.jqwik.api.Tuple.of(1, byType));
    }

    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A path segment: percent-encoded, without the characters the servlet container and the
     * security firewall refuse with a bare 400 of their own before the service is reached ({@code /},
     * {@code \}, {@code ;}, {@code %}, control characters, a lone {@code .}).
     */
    private static String pathSegment(String value) {
        String cleaned = value.replaceAll("[/\\\\;%\\p{Cntrl}]", "_");
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            cleaned = "_" + cleaned;
        }
        return URLEncoder.encode(cleaned, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends the request, waiting at most {@code bound} for the answer (a request that does not answer fails). */
    public static EndpointMatrix.Response get(String baseUrl, Request request, java.time.Duration bound) {
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + request.pathAndQuery()))
                .timeout(bound).GET();
        if (!request.token().isEmpty()) {
            builder.header("Authorization", "Bearer " + request.token());
        }
        try {
            var response = HTTP.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return new EndpointMatrix.Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(request + " was not answered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with the answer, or null: it must be 2xx, or 4xx with a problem+json body. */
    public static String fault(Request request, EndpointMatrix.Response response) {
        if (response.status() >= 200 && response.status() < 300) {
            return null;
        }
        if (response.status() >= 400 && response.status() < 500) {
            return response.isProblem() ? null : request + " → " + response.status() + " without problem+json: "
                    + response;
        }
        return request + " → " + response;
    }
}
