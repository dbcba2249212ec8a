package cn.ledger.command.config;

import cn.ledger.command.web.IdempotencyFilter;
import cn.ledger.security.openapi.OpenApiConventions;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** ledger-command's commands take an {@code Idempotency-Key} ({@link IdempotencyFilter}); the document says so. */
@Configuration
public class CommandOpenApi {

    @Bean
    public OpenApiCustomizer idempotencyKeyHeader() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> {
                if (item.getPost() == null || !path.startsWith("/api/")
                        || OpenApiConventions.isOpen(path, io.swagger.v3.oas.models.PathItem.HttpMethod.POST)) {
                    return;
                }
                item.getPost().addParametersItem(OpenApiConventions.idempotencyKey());
                item.getPost().getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        response.addHeaderObject("Idempotency-Replayed", new Header()
                                .description("true when this is the stored answer of an earlier request with the same key")
                                .schema(new BooleanSchema()));
                    }
                });
            });
        };
    }
}
