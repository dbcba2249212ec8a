package cn.ledger.security.openapi;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Every service's OpenAPI document states the conventions the ledger-security module enforces: the
 * bearer scheme, the problem+json answers, the correlation id (see {@link OpenApiConventions}).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class LedgerOpenApiAutoConfiguration {

    @Bean
    public OpenApiCustomizer ledgerOpenApiConventions() {
        return OpenApiConventions::apply;
    }
}
