package cn.ledger.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code ledger.security.*}: how callers are authenticated.
 *
 * @param mode {@code jwt} (production: tokens of the organisation's identity provider) or {@code local}
 *     (local runs and tests: tokens signed with a key of this machine, demo users)
 * @param jwt where production tokens come from
 * @param local the local signing key
 * @param client the token this service sends when it calls another service
 * @param maxBodySize request bodies larger than this are answered 413
 * @param cors the browser origins (e.g. the console's) allowed to call this service cross-origin
 */
@ConfigurationProperties("ledger.security")
public record LedgerSecurityProperties(Mode mode, Jwt jwt, Local local, Client client, DataSize maxBodySize,
        Cors cors) {

    public enum Mode { JWT, LOCAL }

    /**
     * @param issuerUri the identity provider's issuer; tokens must name it in {@code iss}
     * @param jwkSetUri its signing keys; found through the issuer's metadata when empty
     * @param audience when set, tokens must name it in {@code aud}
     */
    public record Jwt(String issuerUri, String jwkSetUri, String audience) {}

    /**
     * @param keyFile a JWK file holding the RSA signing key shared by the services of one local run;
     *     created (atomically) when missing; when empty the key is made in memory at start
     * @param tokenLifetime how long a local token is valid
     */
    public record Local(String keyFile, Duration tokenLifetime) {
        public Local {
            keyFile = keyFile == null || keyFile.isBlank() ? null : keyFile;
            tokenLifetime = tokenLifetime == null ? Duration.ofHours(8) : tokenLifetime;
        }

        public Path keyPath() {
            return keyFile == null ? null : Path.of(keyFile);
        }
    }

    /**
     * @param subject this service's identity when it calls another (local mode mints its token)
     * @param roles the roles it claims (local mode)
     * @param token in jwt mode: the bearer token to send, e.g. from a secret
     * @param tokenFile in jwt mode: a file holding the token, read on every call (for rotated tokens)
     * @param tokenUri in jwt mode: the identity provider's token endpoint; with {@code clientId} and
     *     {@code clientSecret} the token is obtained there by the client-credentials grant (and takes
     *     precedence over {@code token} and {@code tokenFile})
     * @param clientId this service's client at the identity provider
     * @param clientSecret its secret (sent by HTTP Basic authentication)
     */
    public record Client(String subject, List<String> roles, String token, String tokenFile, String tokenUri,
            String clientId, String clientSecret) {
        public Client {
            roles = roles == null ? List.of() : roles;
            tokenFile = tokenFile == null || tokenFile.isBlank() ? null : tokenFile;
            tokenUri = tokenUri == null || tokenUri.isBlank() ? null : tokenUri.strip();
            clientId = clientId == null || clientId.isBlank() ? null : clientId.strip();
            clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        }

        /** Whether the token comes from the identity provider by the client-credentials grant. */
        public boolean clientCredentials() {
            return tokenUri != null;
        }
    }

    /**
     * @param allowedOrigins origins such as {@code http://127.0.0.1:8082} whose pages may call this service with
     *     a bearer token; empty (the production default) answers no cross-origin request
     */
    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of()
                    : allowedOrigins.stream().filter(o -> o != null && !o.isBlank()).map(String::strip).toList();
        }
    }

    public LedgerSecurityProperties {
        mode = mode == null ? Mode.JWT : mode;
        jwt = jwt == null ? new Jwt(null, null, null) : jwt;
        local = local == null ? new Local(null, null) : local;
        client = client == null ? new Client(null, List.of(), null, null, null, null, null) : client;
        if (client.clientCredentials() && (client.clientId() == null || client.clientSecret() == null)) {
            throw new IllegalArgumentException("ledger.security.client.token-uri needs client-id and client-secret");
        }
        maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(64) : maxBodySize;
        cors = cors == null ? new Cors(List.of()) : cors;
    }
}
