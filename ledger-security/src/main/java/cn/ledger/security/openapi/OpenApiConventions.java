package cn.ledger.security.openapi;

import cn.ledger.security.DemoTokenController;
import cn.ledger.security.LedgerSecurityAutoConfiguration;
import cn.ledger.security.CorrelationIdFilter;
import cn.ledger.security.web.ProblemWriter;
import cn.ledger.security.web.Problems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.AntPathMatcher;

/**
 * The conventions every endpoint of the three services follows, written into their OpenAPI documents so
 * that a client generated from a document knows them: a bearer token (JWT) on everything but the open
 * paths; every error an RFC 9457 {@code application/problem+json} body ({@code Problem}) with a stable
 * {@code type}, the fields at fault and the correlation id; the {@code X-Correlation-Id} header taken and
 * echoed. Responses an endpoint documents itself are kept; the common ones are added beside them.
 */
public final class OpenApiConventions {

    /** The name of the bearer scheme in {@code components.securitySchemes}. */
    public static final String BEARER = "bearer";
    /** The name of the problem body in {@code components.schemas}. */
    public static final String PROBLEM = "Problem";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private OpenApiConventions() {}

    public static void apply(OpenAPI api) {
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.setComponents(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description("An access token of the identity provider (production) or of "
                        + "POST /api/v1/auth/demo-token (local mode). Roles in `roles`, unit scope in `units`, "
                        + "a cadre's id in `cadre`."));
        components.addSchemas(PROBLEM, problemSchema());
        components.addHeaders(CorrelationIdFilter.HEADER, new Header().description(
                "The request's correlation id: the one sent, or one made for it; also in every problem and "
                        + "in the events the request recorded.").schema(new StringSchema()));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> document(path, method, operation)));
    }

    static void document(String path, PathItem.HttpMethod method, Operation operation) {
        boolean open = isOpen(path, method);
        if (open) {
            operation.setSecurity(List.of());
        } else {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
        if (!hasParameter(operation, CorrelationIdFilter.HEADER)) {
            operation.addParametersItem(new HeaderParameter().name(CorrelationIdFilter.HEADER).required(false)
                    .description("A correlation id of the caller's (echoed; one is made when absent).")
                    .schema(new StringSchema().maxLength(128)));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        responses.values().forEach(r -> {
            if (r.getHeaders() == null || !r.getHeaders().containsKey(CorrelationIdFilter.HEADER)) {
                r.addHeaderObject(CorrelationIdFilter.HEADER, new Header().$ref("#/components/headers/" + CorrelationIdFilter.HEADER));
            }
        });
        boolean writes = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
                || method == PathItem.HttpMethod.PATCH || method == PathItem.HttpMethod.DELETE;
        addProblem(responses, "400", "A malformed request: a parameter or body field the API does not accept "
                + "(named in `errors`).", "malformed-request");
        if (!open) {
            addProblem(responses, "401", "No token, or one that is expired, not signed by the identity provider "
                    + "or for another audience.", "unauthenticated");
            addProblem(responses, "403", "The caller's roles may not do this, or the unit or cadre is outside "
                    + "their scope (whether it exists or not).", "forbidden");
        }
        if (path.contains("{")) {
            addProblem(responses, "404", "The cadre, unit or record named in the path is not in the ledger.",
                    "not-found");
        }
        if (writes) {
            addProblem(responses, "409", "A clash with what is recorded (already exists, already done, a "
                    + "concurrent change, or the same Idempotency-Key still being processed).", "conflict");
            addProblem(responses, "413", "A body over the configured size (64 KB).", "payload-too-large");
            addProblem(responses, "422", "Well formed, but a rule of the ledger forbids it (or the "
                    + "Idempotency-Key was used for a different request).", "rule-violation");
        }
        ApiResponse unavailable = addProblem(responses, "503", "The service's database or broker is unreachable; "
                + "retry after the number of seconds in Retry-After.", "unavailable");
        if (unavailable != null) {
            unavailable.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying.")
                    .schema(new IntegerSchema()));
        }
        addProblem(responses, "500", "A failure of the service; the answer quotes only the correlation id.",
                "internal");
    }

    /** Whether anyone may call it without a token (the paths of {@link LedgerSecurityAutoConfiguration}). */
    public static boolean isOpen(String path, PathItem.HttpMethod method) {
        if (method == PathItem.HttpMethod.POST && path.equals(DemoTokenController.PATH)) {
            return true;
        }
        if (method != PathItem.HttpMethod.GET) {
            return false;
        }
        for (String pattern : LedgerSecurityAutoConfiguration.PUBLIC_GET) {
            if (PATHS.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasParameter(Operation operation, String name) {
        return operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> name.equalsIgnoreCase(p.getName()));
    }

    private static ApiResponse addProblem(ApiResponses responses, String status, String description, String type) {
        ApiResponse existing = responses.get(status);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.BASE + type);
        example.put("title", title(status));
        example.put("status", Integer.parseInt(status));
        example.put("detail", description);
        example.put("errors", List.of());
        example.put("correlationId", "3f1c2d9e-0b7a-4c55-9a51-6f0e2b1d8c47");
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .example(example);
        if (existing != null) {
            if (existing.getContent() == null) {
                existing.setContent(new Content());
            }
            existing.getContent().putIfAbsent(ProblemWriter.MEDIA_TYPE, problem);
            existing.getContent().remove("*/*");
            return existing;
        }
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType(ProblemWriter.MEDIA_TYPE, problem))
                .addHeaderObject(CorrelationIdFilter.HEADER, new Header().$ref("#/components/headers/" + CorrelationIdFilter.HEADER));
        responses.addApiResponse(status, response);
        return response;
    }

    private static String title(String status) {
        return switch (status) {
            case "400" -> "Bad request";
            case "401" -> "Unauthenticated";
            case "403" -> "Forbidden";
            case "404" -> "Not found";
            case "409" -> "Conflict";
            case "413" -> "Payload too large";
            case "422" -> "Rule violation";
            case "503" -> "Service unavailable";
            default -> "Internal error";
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        ObjectSchema field = new ObjectSchema();
        field.addProperty("field", new StringSchema().description("The parameter or JSON path at fault."));
        field.addProperty("reason", new StringSchema().description("What is wrong with it."));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri").description(
                "Stable: `urn:ledger:problem:<kind>` (the catalogue is in docs/errors.md)."));
        properties.put("title", new StringSchema());
        properties.put("status", new IntegerSchema());
        properties.put("detail", new StringSchema());
        properties.put("instance", new StringSchema().format("uri-reference"));
        properties.put("errors", new ArraySchema().items(field).description("The fields at fault (may be empty)."));
        properties.put("correlationId", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.setProperties(properties);
        problem.setRequired(new ArrayList<>(List.of("type", "title", "status", "errors", "correlationId")));
        problem.description("RFC 9457 problem details, as every error of the ledger is answered.");
        return problem;
    }

    /** The Idempotency-Key request header of a command, for the service that honours it. */
    public static Parameter idempotencyKey() {
        return new HeaderParameter().name("Idempotency-Key").required(false).description(
                "Makes the command safe to retry: the same key with the same body returns the first answer (with "
                        + "`Idempotency-Replayed: true`) and records nothing again; see docs/api.md.")
                .schema(new StringSchema().maxLength(255));
    }
}
