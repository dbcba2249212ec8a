package cn.ledger.projection;

import cn.ledger.contract.ConsistencyToken;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projectors' OpenAPI documents say what {@link ReadYourWrites} does on every query: the consistency token
 * (header or parameter), {@code minSequence} and {@code wait} it takes, the {@code Ledger-Applied} header it
 * answers with, and its 503 when the wait runs out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(OpenApiCustomizer.class)
public class ReadYourWritesOpenApi {

    @Bean
    public OpenApiCustomizer readYourWritesParameters() {
        return ReadYourWritesOpenApi::document;
    }

    static void document(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            if (item.getGet() != null && path.startsWith("/api/v1/") && !path.startsWith("/api/v1/admin/")) {
                document(path, item.getGet());
            }
        });
    }

    private static void document(String path, Operation get) {
        get.addParametersItem(new HeaderParameter().name(ConsistencyToken.HEADER).required(false)
                .description("The consistencyToken of a command's answer: wait (bounded) until every stream it names "
                        + "is applied.").schema(new StringSchema().maxLength(4096)));
        get.addParametersItem(new QueryParameter().name(ConsistencyToken.PARAMETER).required(false)
                .description("The same token as a parameter.").schema(new StringSchema().maxLength(4096)));
        if (path.contains("{cadreId}") || path.contains("{unitId}") || path.contains("{streamId}")) {
            get.addParametersItem(new QueryParameter().name(ReadYourWrites.MIN_SEQUENCE).required(false)
                    .description("Wait (bounded) until the stream named in the path is applied up to this sequence.")
                    .schema(new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ZERO)));
        }
        get.addParametersItem(new QueryParameter().name(ReadYourWrites.WAIT).required(false)
                .description("The longest to wait, e.g. PT2S, 2s or 500ms; at most ledger.read-your-writes.max-wait "
                        + "(5 s by default).").schema(new StringSchema().maxLength(32)));
        if (get.getResponses() == null) {
            return;
        }
        get.getResponses().forEach((status, response) -> {
            if (status.startsWith("2")) {
                response.addHeaderObject(ReadYourWrites.APPLIED_HEADER, new Header().description(
                        "How far each stream the query named was applied when it began: stream=sequence, …")
                        .schema(new StringSchema()));
            }
        });
        ApiResponse unavailable = get.getResponses().get("503");
        String also = "Also: the positions asked for (consistency token, minSequence) were not applied within the wait "
                + "(problem type urn:ledger:problem:not-yet-applied, with the positions requested).";
        if (unavailable == null) {
            get.getResponses().addApiResponse("503", new ApiResponse().description(also));
        } else if (unavailable.getDescription() == null || !unavailable.getDescription().contains("not-yet-applied")) {
            unavailable.setDescription((unavailable.getDescription() == null ? "" : unavailable.getDescription() + " ")
                    + also);
        }
    }
}
