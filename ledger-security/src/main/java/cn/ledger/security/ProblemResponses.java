package cn.ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem+json written by filters (before any controller advice can answer). */
public final class ProblemResponses {

    public static final String BASE = "urn:ledger:problem:";
    public static final String UNAUTHENTICATED = BASE + "unauthenticated";
    public static final String FORBIDDEN = BASE + "forbidden";
    public static final String PAYLOAD_TOO_LARGE = BASE + "payload-too-large";
    public static final String INTERNAL = BASE + "internal";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private ProblemResponses() {}

    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String type,
            String title, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        String json = "{\"type\":" + quote(type) + ",\"title\":" + quote(title) + ",\"status\":" + status
                + ",\"detail\":" + quote(detail) + ",\"instance\":" + quote(request.getRequestURI())
                + ",\"errors\":[],\"correlationId\":" + quote(CorrelationIdFilter.of(request)) + "}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A 500 for a fault nobody expected: logged with the correlation id, which the answer quotes. */
    public static ProblemDetail unexpected(Exception ex, HttpServletRequest request) {
        String correlation = CorrelationIdFilter.of(request);
        log.error("unexpected failure, correlation id {}", correlation, ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; quote correlation id " + correlation);
        problem.setType(java.net.URI.create(INTERNAL));
        problem.setTitle("Internal error");
        problem.setProperties(Map.of("errors", java.util.List.of(), "correlationId", String.valueOf(correlation)));
        return problem;
    }

    /**
     * Gives a problem made by Spring's defaults (type {@code about:blank}: 404 no such path, 405, 406,
     * 415, …) a stable type named after its status, and adds the correlation id.
     */
    public static ProblemDetail stable(ProblemDetail problem, String correlationId) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            String slug = status == null ? "http-" + problem.getStatus()
                    : status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            problem.setType(java.net.URI.create(BASE + slug));
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("correlationId")) {
            problem.setProperty("correlationId", String.valueOf(correlationId));
        }
        return problem;
    }

    /** The correlation id of the request being handled on this thread, if any. */
    public static String currentCorrelationId() {
        var attributes = org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        return attributes == null ? null : (String) attributes.getAttribute(CorrelationIdFilter.ATTRIBUTE,
                org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
