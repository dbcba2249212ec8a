package cn.ledger.local.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoints a service documents in its OpenAPI document ({@code /v3/api-docs}): paths, methods, path
 * and query parameters and the request body's schema, so that an endpoint added later is fuzzed too.
 */
final class ApiModel {

    record Param(String name, String in, boolean required, JsonNode schema) {}

    record Operation(String service, String baseUrl, String method, String path, List<Param> params,
            JsonNode bodySchema, JsonNode components) {

        /** {@code POST ledger-command /api/v1/cadres/{cadreId}/entries}. */
        String key() {
            return method + " " + service + " " + path;
        }

        boolean isCommand() {
            return service.equals("ledger-command") && method.equals("POST");
        }

        List<Param> in(String where) {
            return params.stream().filter(p -> p.in().equals(where)).toList();
        }

        JsonNode resolve(JsonNode schema) {
            return ApiModel.resolve(schema, components);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiModel() {}

    static List<Operation> read(String service, String baseUrl) {
        JsonNode doc;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/v3/api-docs")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service + " /v3/api-docs answered " + response.statusCode());
            }
            doc = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document of " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode components = doc.path("components").path("schemas");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode param = resolveParam(p, doc);
                    if (!List.of("path", "query").contains(param.path("in").asText())) {
                        continue;
                    }
                    params.add(new Param(param.path("name").asText(), param.path("in").asText(),
                            param.path("required").asBoolean(false), resolve(param.path("schema"), components)));
                }
                JsonNode body = op.path("requestBody").path("content");
                JsonNode bodySchema = null;
                if (!body.isMissingNode()) {
                    JsonNode json = body.has("application/json") ? body.get("application/json")
                            : body.elements().hasNext() ? body.elements().next() : MissingNode.getInstance();
                    bodySchema = resolve(json.path("schema"), components);
                }
                operations.add(new Operation(service, baseUrl, method.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(), List.copyOf(params), bodySchema, components));
            }
        }
        return operations;
    }

    private static JsonNode resolveParam(JsonNode p, JsonNode doc) {
        if (p.has("$ref")) {
            String name = p.get("$ref").asText().replace("#/components/parameters/", "");
            return doc.path("components").path("parameters").path(name);
        }
        return p;
    }

    static JsonNode resolve(JsonNode schema, JsonNode components) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s != null && s.has("$ref"); i++) {
            s = components.path(s.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        if (s != null && s.has("allOf") && s.get("allOf").size() == 1) {
            return resolve(s.get("allOf").get(0), components);
        }
        return s;
    }

    /** The schema's type: {@code string}, {@code integer}, ... (OpenAPI 3.1 may give a list with "null"). */
    static String type(JsonNode schema) {
        if (schema == null) {
            return "string";
        }
        JsonNode t = schema.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
        }
        if (t.isTextual()) {
            return t.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }
}
