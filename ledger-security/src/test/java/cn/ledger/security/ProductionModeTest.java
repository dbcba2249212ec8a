package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class ProductionModeTest {

    static LedgerSecurityProperties jwt(String issuer, String jwkSet) {
        return new LedgerSecurityProperties(LedgerSecurityProperties.Mode.JWT,
                new LedgerSecurityProperties.Jwt(issuer, jwkSet, "ledger"), null, null, null, null);
    }

    @Test
    void refusesToStartWithoutAnIssuerOrKeySet() {
        assertThatThrownBy(() -> new LedgerSecurityAutoConfiguration.Production().jwtDecoder(jwt(null, " ")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer-uri");
    }

    @Test
    void takesTheKeySetOrTheIssuerWithoutCallingItAtStart() {
        JwtDecoder byKeySet = new LedgerSecurityAutoConfiguration.Production()
                .jwtDecoder(jwt("https://idp.example/realms/ledger", "https://idp.example/realms/ledger/certs"));
        JwtDecoder byIssuer = new LedgerSecurityAutoConfiguration.Production()
                .jwtDecoder(jwt("https://idp.example/realms/ledger", null));
        assertThat(byKeySet).isNotNull();
        // the identity provider is not there: the service still starts; the token is not accepted
        assertThatThrownBy(() -> byIssuer.decode("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"))
                .isInstanceOf(org.springframework.security.oauth2.jwt.JwtException.class);
    }

    @Test
    void defaultsAreProductionModeAnd64KiB() {
        LedgerSecurityProperties defaults = new LedgerSecurityProperties(null, null, null, null, null, null);
        assertThat(defaults.mode()).isEqualTo(LedgerSecurityProperties.Mode.JWT);
        assertThat(defaults.cors().allowedOrigins()).isEmpty();
        assertThat(defaults.maxBodySize().toBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.local().keyPath()).isNull();
    }

    @Test
    void corsAllowsOnlyTheConfiguredOriginsWithBearerTokens() {
        LedgerSecurityProperties.Cors cors = new LedgerSecurityProperties.Cors(
                java.util.List.of("http://127.0.0.1:8082", " ", "http://localhost:8082"));
        assertThat(cors.allowedOrigins()).containsExactly("http://127.0.0.1:8082", "http://localhost:8082");
        org.springframework.web.cors.CorsConfiguration c = ((org.springframework.web.cors.UrlBasedCorsConfigurationSource)
                LedgerSecurityAutoConfiguration.corsSource(cors)).getCorsConfigurations().get("/**");
        assertThat(c.checkOrigin("http://localhost:8082")).isEqualTo("http://localhost:8082");
        assertThat(c.checkOrigin("http://evil.example")).isNull();
        assertThat(c.checkHttpMethod(org.springframework.http.HttpMethod.POST)).isNotNull();
        assertThat(c.checkHttpMethod(org.springframework.http.HttpMethod.DELETE)).isNull();
        assertThat(c.checkHeaders(java.util.List.of("Authorization", "Idempotency-Key"))).hasSize(2);
        assertThat(c.getExposedHeaders()).contains("Content-Disposition", "X-Correlation-Id");
        assertThat(c.getAllowCredentials()).isFalse();
    }
}
