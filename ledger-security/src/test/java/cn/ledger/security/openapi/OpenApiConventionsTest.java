package cn.ledger.security.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

class OpenApiConventionsTest {

    private static Operation op() {
        return new Operation().responses(new ApiResponses().addApiResponse("200",
                new ApiResponse().description("OK").content(new Content().addMediaType("application/json", new MediaType()))));
    }

    private static OpenAPI document() {
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/api/v1/cadres/{cadreId}/dossier", new PathItem().get(op()))
                .addPathItem("/api/v1/cadres/{cadreId}/entries", new PathItem().post(op()))
                .addPathItem("/api/v1/rankings/monthly/{month}", new PathItem().get(op()))
                .addPathItem("/api/v1/contract/schemas", new PathItem().get(op()))
                .addPathItem("/actuator/health", new PathItem().get(op()))
                .addPathItem("/api/v1/auth/demo-token", new PathItem().post(op())));
        OpenApiConventions.apply(api);
        return api;
    }

    @Test
    void operationsThatNeedATokenSayBearerAndOpenOnesSayNothing() {
        OpenAPI api = document();
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        assertThat(api.getPaths().get("/api/v1/cadres/{cadreId}/dossier").getGet().getSecurity())
                .singleElement().satisfies(r -> assertThat(r).containsKey("bearer"));
        assertThat(api.getPaths().get("/api/v1/contract/schemas").getGet().getSecurity()).isEmpty();
        assertThat(api.getPaths().get("/actuator/health").getGet().getSecurity()).isEmpty();
        assertThat(api.getPaths().get("/api/v1/auth/demo-token").getPost().getSecurity()).isEmpty();
    }

    @Test
    void everyOperationDocumentsItsProblemsByKind() {
        OpenAPI api = document();
        ApiResponses read = api.getPaths().get("/api/v1/cadres/{cadreId}/dossier").getGet().getResponses();
        assertThat(read.keySet()).contains("200", "400", "401", "403", "404", "500", "503").doesNotContain("409", "422");
        assertThat(read.get("403").getContent()).containsKey("application/problem+json");
        assertThat(read.get("503").getHeaders()).containsKey("Retry-After");
        ApiResponses write = api.getPaths().get("/api/v1/cadres/{cadreId}/entries").getPost().getResponses();
        assertThat(write.keySet()).contains("409", "413", "422");
        ApiResponses open = api.getPaths().get("/api/v1/contract/schemas").getGet().getResponses();
        assertThat(open.keySet()).doesNotContain("401", "403", "404");
        assertThat(api.getPaths().get("/api/v1/rankings/monthly/{month}").getGet().getParameters())
                .anySatisfy(p -> assertThat(p.getName()).isEqualTo("X-Correlation-Id"));
        assertThat(api.getComponents().getSchemas().get("Problem").getRequired()).contains("type", "errors", "correlationId");
    }

    @Test
    void aResponseTheEndpointDocumentsItselfIsKept() {
        Operation custom = op();
        custom.getResponses().addApiResponse("404", new ApiResponse().description("No such cadre, said by the endpoint"));
        OpenAPI api = new OpenAPI().paths(new Paths().addPathItem("/api/v1/cadres/{c}", new PathItem().get(custom)));
        OpenApiConventions.apply(api);
        ApiResponse notFound = api.getPaths().get("/api/v1/cadres/{c}").getGet().getResponses().get("404");
        assertThat(notFound.getDescription()).isEqualTo("No such cadre, said by the endpoint");
        assertThat(notFound.getContent()).containsKey("application/problem+json");
    }
}
