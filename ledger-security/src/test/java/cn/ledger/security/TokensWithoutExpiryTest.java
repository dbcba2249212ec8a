package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** A token without {@code exp} would be good forever: refused in local mode and in jwt mode alike. */
class TokensWithoutExpiryTest {

    static final RSAKey KEY = LocalKey.generate();

    static String sign(String issuer, Instant expiresAt) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("someone")
                .audience("ledger").issueTime(new Date()).claim(Claims.ROLES, List.of(Role.REVIEWER.claim()));
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    @Test
    void localModeRefusesATokenWithoutExpiry() throws Exception {
        LocalTokens tokens = new LocalTokens(KEY, Duration.ofHours(1), Clock.systemUTC());
        JwtDecoder decoder = new LedgerSecurityAutoConfiguration.Local().jwtDecoder(tokens);
        assertThat(decoder.decode(sign(LocalTokens.ISSUER, Instant.now().plusSeconds(600))).getSubject())
                .isEqualTo("someone");
        assertThatThrownBy(() -> decoder.decode(sign(LocalTokens.ISSUER, null)))
                .isInstanceOf(JwtException.class).hasMessageContaining("exp");
    }

    @Test
    void jwtModeRefusesATokenWithoutExpiry() throws Exception {
        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        try {
            String issuer = "https://idp.example/realms/ledger";
            LedgerSecurityProperties properties = ProductionModeTest.jwt(issuer,
                    "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs");
            JwtDecoder decoder = new LedgerSecurityAutoConfiguration.Production().jwtDecoder(properties);
            assertThat(decoder.decode(sign(issuer, Instant.now().plusSeconds(600))).getSubject()).isEqualTo("someone");
            assertThatThrownBy(() -> decoder.decode(sign(issuer, null)))
                    .isInstanceOf(JwtException.class).hasMessageContaining("exp");
        } finally {
            jwks.stop(0);
        }
    }

    @Test
    void aDecoderThatLetsItThroughIsOverruled() {
        JwtDecoder lax = token -> org.springframework.security.oauth2.jwt.Jwt.withTokenValue(token)
                .header("alg", "RS256").subject("someone").build();
        JwtDecoder decoder = new VerifiedTokens(lax, 10, Clock.systemUTC());
        assertThatThrownBy(() -> decoder.decode("forever")).isInstanceOf(JwtException.class)
                .hasMessageContaining("exp");
    }
}
