package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadYourWritesOpenApiTest {

    private static Operation get() {
        return new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
    }

    @Test
    void everyQuerySaysWhatItWaitsForAndWhatItWasAnsweredOn() {
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/api/v1/cadres/{cadreId}/dossier", new PathItem().get(get()))
                .addPathItem("/api/v1/cards/board", new PathItem().get(get()))
                .addPathItem("/api/v1/admin/parked-events", new PathItem().get(get())));
        ReadYourWritesOpenApi.document(api);

        Operation dossier = api.getPaths().get("/api/v1/cadres/{cadreId}/dossier").getGet();
        assertThat(names(dossier.getParameters())).contains("Ledger-Consistency", "consistency", "minSequence", "wait");
        assertThat(dossier.getResponses().get("200").getHeaders()).containsKey("Ledger-Applied");
        assertThat(dossier.getResponses().get("503").getDescription()).contains("not-yet-applied");
        // minSequence needs a stream in the path
        assertThat(names(api.getPaths().get("/api/v1/cards/board").getGet().getParameters()))
                .contains("Ledger-Consistency", "wait").doesNotContain("minSequence");
        assertThat(api.getPaths().get("/api/v1/admin/parked-events").getGet().getParameters()).isNull();
    }

    private static List<String> names(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::getName).toList();
    }
}
