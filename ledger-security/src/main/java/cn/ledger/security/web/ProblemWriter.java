package cn.ledger.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem as the answer of a filter (authentication, body size, idempotency), which runs before
 * any controller advice could: the same body the handlers give, serialised by Jackson.
 */
public final class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {}

    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Problems.stable(problem);
        if (problem.getInstance() == null && request != null) {
            problem.setInstance(java.net.URI.create(safePath(request.getRequestURI())));
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body(problem)));
    }

    /** The problem as the JSON object it is answered as (its properties beside the standard members). */
    public static Map<String, Object> body(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? null : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** The request path as a relative URI reference (characters a URI cannot hold are percent-encoded). */
    private static String safePath(String path) {
        try {
            return java.net.URI.create(path).toString();
        } catch (IllegalArgumentException notAUri) {
            try {
                return new java.net.URI(null, null, path, null).toString();
            } catch (java.net.URISyntaxException e) {
                return "/";
            }
        }
    }
}
