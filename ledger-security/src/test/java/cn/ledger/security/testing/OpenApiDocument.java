package cn.ledger.security.testing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a running service's OpenAPI document for the conventions of {@code OpenApiConventions}: the bearer
 * scheme on every operation that needs a token, problem+json answers, the correlation id, and — for a service
 * that takes commands — the {@code Idempotency-Key} header on every command; and that Swagger UI is served.
 */
public final class OpenApiDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> OPEN_PREFIXES = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui",
            "/api/v1/contract");

    private OpenApiDocument() {}

    /** What is wrong with the service's document and UI at {@code base}; empty when all holds. */
    public static List<String> violations(String base, boolean takesCommands) {
        List<String> wrong = new ArrayList<>();
        EndpointMatrix.Response doc = EndpointMatrix.send("GET", base + "/v3/api-docs", null, null);
        if (doc.status() != 200) {
            return List.of("/v3/api-docs answered " + doc.status());
        }
        JsonNode api = JSON.readTree(doc.body());
        JsonNode bearer = api.path("components").path("securitySchemes").path("bearer");
        if (!"http".equals(bearer.path("type").asString()) || !"bearer".equals(bearer.path("scheme").asString())) {
            wrong.add("no bearer security scheme: " + bearer);
        }
        if (!api.path("components").path("schemas").has("Problem")) {
            wrong.add("no Problem schema");
        }
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : api.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                String name = method + " " + path.getKey();
                JsonNode operation = op.getValue();
                operations++;
                boolean open = (method.equals("GET") && OPEN_PREFIXES.stream().anyMatch(path.getKey()::startsWith))
                        || path.getKey().equals("/api/v1/auth/demo-token");
                JsonNode security = operation.path("security");
                boolean secured = security.isArray() && !security.isEmpty() && security.get(0).has("bearer");
                if (open == secured) {
                    wrong.add(name + (open ? " is open but asks for a token" : " does not say it needs a bearer token"));
                }
                JsonNode responses = operation.path("responses");
                List<String> expected = new ArrayList<>(List.of("400", "503"));
                if (!open) {
                    expected.addAll(List.of("401", "403"));
                }
                for (String status : expected) {
                    if (!responses.path(status).path("content").has("application/problem+json")) {
                        wrong.add(name + " documents no problem+json " + status);
                    }
                }
                if (!hasParameter(operation, "X-Correlation-Id")) {
                    wrong.add(name + " does not document X-Correlation-Id");
                }
                if (takesCommands && method.equals("POST") && path.getKey().startsWith("/api/") && !open
                        && !hasParameter(operation, "Idempotency-Key")) {
                    wrong.add(name + " does not document Idempotency-Key");
                }
            }
        }
        if (operations == 0) {
            wrong.add("the document has no operations");
        }
        EndpointMatrix.Response ui = EndpointMatrix.send("GET", base + "/swagger-ui/index.html", null, null);
        if (ui.status() != 200 || ui.contentType() == null || !ui.contentType().startsWith("text/html")) {
            wrong.add("Swagger UI at /swagger-ui/index.html answered " + ui.status() + " " + ui.contentType());
        }
        return wrong;
    }

    private static boolean hasParameter(JsonNode operation, String name) {
        for (Iterator<JsonNode> it = operation.path("parameters").iterator(); it.hasNext(); ) {
            if (name.equalsIgnoreCase(it.next().path("name").asString())) {
                return true;
            }
        }
        return false;
    }
}
