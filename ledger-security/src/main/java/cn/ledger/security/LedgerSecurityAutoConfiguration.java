package cn.ledger.security;

import cn.ledger.security.web.ProblemWriter;
import cn.ledger.security.web.Problems;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * One security setup for every service: stateless bearer-token authentication (JWTs from the
 * configured issuer, or in local mode from the local key), the public paths, the service's own
 * {@link LedgerAccessRules}, and every refusal as problem+json.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableConfigurationProperties(LedgerSecurityProperties.class)
public class LedgerSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LedgerSecurityAutoConfiguration.class);

    /** Paths anyone may read: health, the OpenAPI document, the published event contract. */
    public static final String[] PUBLIC_GET = {"/actuator/health", "/actuator/health/**", "/v3/api-docs",
            "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/api/v1/contract/**"};

    @Bean
    public SecurityFilterChain ledgerSecurityFilterChain(HttpSecurity http, LedgerSecurityProperties properties,
            ObjectProvider<LedgerAccessRules> serviceRules, JwtDecoder decoder) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .cors(cors -> {
                    if (properties.cors().allowedOrigins().isEmpty()) {
                        cors.disable();
                    } else {
                        cors.configurationSource(corsSource(properties.cors()));
                    }
                })
                .anonymous(a -> {})
                .authorizeHttpRequests(rules -> {
                    rules.requestMatchers("/error").permitAll();
                    rules.requestMatchers(HttpMethod.GET, PUBLIC_GET).permitAll();
                    // local mode: demo tokens for anyone; jwt mode: no such endpoint, and a caller is told
                    // so (404), not asked to authenticate for it
                    rules.requestMatchers(HttpMethod.POST, DemoTokenController.PATH).permitAll();
                    rules.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name());
                    serviceRules.orderedStream().forEach(r -> r.configure(rules));
                    rules.anyRequest().denyAll();
                })
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.decoder(new VerifiedTokens(decoder, 10_000, Clock.systemUTC()))
                                .jwtAuthenticationConverter(authorities()))
                        .authenticationEntryPoint(LedgerSecurityAutoConfiguration::unauthenticated)
                        .accessDeniedHandler(LedgerSecurityAutoConfiguration::forbidden))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(LedgerSecurityAutoConfiguration::unauthenticated)
                        .accessDeniedHandler(LedgerSecurityAutoConfiguration::forbidden));
        return http.build();
    }

    private static void unauthenticated(jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response, Exception failure) throws java.io.IOException {
        ProblemWriter.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                "Unauthenticated", "A valid bearer token is required (Authorization: Bearer …)", List.of()));
    }

    private static void forbidden(jakarta.servlet.http.HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response, Exception failure) throws java.io.IOException {
        ProblemWriter.write(request, response, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
                "Forbidden", "The caller's roles do not allow this", List.of()));
    }

    /**
     * The checks every token passes, in both modes: signature (by the decoder), issuer when one is
     * configured, not expired and not before its time (Spring's defaults), and an {@code exp} claim at
     * all — a token without one would be good forever, so it is refused.
     */
    static OAuth2TokenValidator<Jwt> tokenValidator(String issuer) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer));
        validators.add(EXPIRY_REQUIRED);
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** Refuses a token without {@code exp}. */
    static final OAuth2TokenValidator<Jwt> EXPIRY_REQUIRED = token -> token.getExpiresAt() != null
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry (exp)", null));

    /**
     * Cross-origin calls from the configured origins (the console served by ledger-query): GET and POST
     * with a bearer token, no cookies. A preflight is answered by the CORS filter before authentication.
     */
    static CorsConfigurationSource corsSource(LedgerSecurityProperties.Cors cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(List.of("GET", "POST"));
        configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-Id"));
        configuration.setExposedHeaders(List.of("Content-Disposition", "X-Correlation-Id"));
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }

    static Converter<Jwt, AbstractAuthenticationToken> authorities() {
        return jwt -> {
            Caller caller = Caller.of(jwt);
            List<GrantedAuthority> authorities = new ArrayList<>();
            caller.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        };
    }

    /**
     * No observations of Spring Security's own filters, authentications and authorisations: a dozen
     * per request, for timings nobody reads (HTTP requests are measured as a whole).
     */
    @Bean
    public io.micrometer.observation.ObservationPredicate noSecurityFilterObservations() {
        return (name, context) -> !name.startsWith("spring.security.");
    }

    @Bean
    public FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LedgerSecurityProperties properties,
            ObjectProvider<LargeBody> largeBodies) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(properties.maxBodySize().toBytes(), largeBodies.orderedStream().toList()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Local runs and tests: tokens signed with a key of this machine; demo users. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "ledger.security.mode", havingValue = "local")
    @Import(DemoTokenController.class)
    static class Local {

        @Bean
        LocalTokens localTokens(LedgerSecurityProperties properties) {
            RSAKey key = LocalKey.load(properties.local().keyPath());
            log.warn("LOCAL security mode: tokens signed with the local key {} ({}); demo tokens at POST {}?user=…",
                    key.getKeyID(), properties.local().keyFile() == null ? "in memory" : properties.local().keyFile(),
                    DemoTokenController.PATH);
            return new LocalTokens(key, properties.local().tokenLifetime(), Clock.systemUTC());
        }

        @Bean
        JwtDecoder jwtDecoder(LocalTokens tokens) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(tokens.publicKey()).build();
            decoder.setJwtValidator(tokenValidator(LocalTokens.ISSUER));
            return decoder;
        }

        @Bean
        OutboundToken outboundToken(LedgerSecurityProperties properties, LocalTokens tokens) {
            return new OutboundToken(properties, tokens, Clock.systemUTC());
        }
    }

    /**
     * Builds the real decoder on the first token, not at start (finding the keys through the issuer's
     * metadata is a network call): a service starts while the identity provider is away, and answers
     * 401 until it is back.
     */
    static final class LazyJwtDecoder implements JwtDecoder {

        private final java.util.function.Supplier<JwtDecoder> factory;
        private volatile JwtDecoder decoder;

        LazyJwtDecoder(java.util.function.Supplier<JwtDecoder> factory) {
            this.factory = factory;
        }

        @Override
        public Jwt decode(String token) {
            JwtDecoder current = decoder;
            if (current == null) {
                synchronized (this) {
                    if (decoder == null) {
                        try {
                            decoder = factory.get();
                        } catch (RuntimeException e) {
                            throw new org.springframework.security.oauth2.jwt.JwtException(
                                    "the identity provider cannot be reached: " + e.getMessage(), e);
                        }
                    }
                    current = decoder;
                }
            }
            return current.decode(token);
        }
    }

    /** Production: JWTs of the organisation's identity provider. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "ledger.security.mode", havingValue = "jwt", matchIfMissing = true)
    static class Production {

        @Bean
        JwtDecoder jwtDecoder(LedgerSecurityProperties properties) {
            LedgerSecurityProperties.Jwt jwt = properties.jwt();
            if (isBlank(jwt.issuerUri()) && isBlank(jwt.jwkSetUri())) {
                throw new IllegalStateException("ledger.security.mode=jwt needs ledger.security.jwt.issuer-uri "
                        + "(or jwk-set-uri); use ledger.security.mode=local for a local run");
            }
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
            validators.add(tokenValidator(isBlank(jwt.issuerUri()) ? null : jwt.issuerUri()));
            if (!isBlank(jwt.audience())) {
                validators.add(token -> token.getAudience() != null && token.getAudience().contains(jwt.audience())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                                "the token is not meant for " + jwt.audience(), null)));
            }
            return new LazyJwtDecoder(() -> {
                NimbusJwtDecoder decoder = isBlank(jwt.jwkSetUri())
                        ? NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).build()
                        : NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
                return decoder;
            });
        }

        @Bean
        OutboundToken outboundToken(LedgerSecurityProperties properties) {
            return new OutboundToken(properties, null, Clock.systemUTC());
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }
    }
}
