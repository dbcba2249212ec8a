package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class ProductionModeTest {

    static LedgerSecurityProperties jwt(String issuer, String jwkSet) {
        return new LedgerSecurityProperties(LedgerSecurityProperties.Mode.JWT,
                new LedgerSecurityProperties.Jwt(issuer, jwkSet, "ledger"), null, null, null);
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
        LedgerSecurityProperties defaults = new LedgerSecurityProperties(null, null, null, null, null);
        assertThat(defaults.mode()).isEqualTo(LedgerSecurityProperties.Mode.JWT);
        assertThat(defaults.maxBodySize().toBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.local().keyPath()).isNull();
    }
}
