package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Compose's set-up: the issuer is the address browsers use (http://localhost:8180/realms/ledger), which
 * a container cannot reach; the keys come from an internal address. With both configured, the keys are
 * read from the JWK set URI only (no discovery at the issuer), and the issuer is still checked.
 */
class IssuerWithKeySetUriTest {

    static final String ISSUER = "http://localhost:1/realms/ledger"; // nothing listens there

    HttpServer keys;
    final List<String> requested = new CopyOnWriteArrayList<>();
    RSAKey key;

    @BeforeEach
    void serveKeys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        keys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keys.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestURI().getPath().equals("/realms/ledger/protocol/openid-connect/certs")
                    ? jwks.getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keys.start();
    }

    @AfterEach
    void stop() {
        keys.stop(0);
    }

    JwtDecoder decoder() {
        String jwkSetUri = "http://127.0.0.1:" + keys.getAddress().getPort() + "/realms/ledger/protocol/openid-connect/certs";
        return new LedgerSecurityAutoConfiguration.Production().jwtDecoder(new LedgerSecurityProperties(
                LedgerSecurityProperties.Mode.JWT, new LedgerSecurityProperties.Jwt(ISSUER, jwkSetUri, "ledger"),
                null, null, null, null));
    }

    String token(String issuer, String audience) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("reviewer-1")
                        .claim(Claims.ROLES, List.of("reviewer")).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void readsTheKeysFromTheKeySetUriAndChecksTheIssuer() throws Exception {
        JwtDecoder decoder = decoder();
        assertThat(decoder.decode(token(ISSUER, "ledger")).getSubject()).isEqualTo("reviewer-1");
        assertThat(requested).containsOnly("/realms/ledger/protocol/openid-connect/certs");

        // the same key, another issuer (what a token fetched at the internal address would say without
        // KC_HOSTNAME): refused
        assertThatThrownBy(() -> decoder.decode(token("http://keycloak:8080/realms/ledger", "ledger")))
                .isInstanceOf(JwtException.class).hasMessageContaining("iss");
        assertThatThrownBy(() -> decoder.decode(token(ISSUER, "another-service")))
                .isInstanceOf(JwtException.class).hasMessageContaining("ledger");
        assertThat(requested).noneMatch(path -> path.contains(".well-known"));
    }
}
