package cn.ledger.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bearer token this service sends when it calls another ledger service.
 *
 * <ul>
 * <li>Local mode: minted with the local key for {@code ledger.security.client.subject} and its roles,
 * and renewed before it expires.
 * <li>jwt mode with {@code ledger.security.client.token-uri}, {@code client-id} and {@code client-secret}:
 * obtained from the identity provider's token endpoint by the client-credentials grant (RFC 6749
 * §4.4, the secret sent by HTTP Basic), kept until shortly before its {@code expires_in} runs out, and
 * fetched again at once when a service answers 401 to it ({@link #refused}).
 * <li>jwt mode otherwise: {@code ledger.security.client.token}, or the content of
 * {@code ledger.security.client.token-file} read on every call so that a rotated token is picked up.
 * </ul>
 */
public class OutboundToken {

    /** A token is fetched again this long before the identity provider says it expires (less for short ones). */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LedgerSecurityProperties properties;
    private final LocalTokens local;
    private final Clock clock;
    private final HttpClient http;
    private String cached;
    private Instant renewAt = Instant.MIN;

    public OutboundToken(LedgerSecurityProperties properties, LocalTokens local, Clock clock) {
        this(properties, local, clock, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    OutboundToken(LedgerSecurityProperties properties, LocalTokens local, Clock clock, HttpClient http) {
        this.properties = properties;
        this.local = local;
        this.clock = clock;
        this.http = http;
    }

    /**
     * The value of the {@code Authorization} header.
     *
     * @throws Unavailable when the identity provider does not give a token (unreachable, or refuses the client)
     */
    public synchronized String authorization() {
        LedgerSecurityProperties.Client client = properties.client();
        if (local != null) {
            if (cached == null || clock.instant().isAfter(renewAt)) {
                List<Role> roles = client.roles().stream().map(r -> Role.fromClaim(r).orElseThrow(
                        () -> new IllegalStateException("ledger.security.client.roles: unknown role " + r))).toList();
                cached = local.mint(client.subject(), roles, List.of(Caller.ALL_UNITS), null);
                renewAt = clock.instant().plus(local.lifetime().dividedBy(2));
            }
            return "Bearer " + cached;
        }
        if (client.clientCredentials()) {
            if (cached == null || !clock.instant().isBefore(renewAt)) {
                fetch(client);
            }
            return "Bearer " + cached;
        }
        if (client.tokenFile() != null) {
            try {
                return "Bearer " + Files.readString(java.nio.file.Path.of(client.tokenFile())).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger.security.client.token-file", e);
            }
        }
        if (client.token() == null || client.token().isBlank()) {
            throw new IllegalStateException("set ledger.security.client.token-uri (with client-id and client-secret), "
                    + "token or token-file for calls to other services");
        }
        return "Bearer " + client.token();
    }

    /**
     * A service answered 401 to {@code authorization}: a token from the identity provider is dropped, so
     * that the next {@link #authorization()} fetches a new one (the provider may have rotated its keys or
     * ended the token early). Returns whether a retry can bring a different token.
     */
    public synchronized boolean refused(String authorization) {
        if (local == null && properties.client().clientCredentials() && cached != null
                && authorization.equals("Bearer " + cached)) {
            cached = null;
            renewAt = Instant.MIN;
            return true;
        }
        return false;
    }

    private void fetch(LedgerSecurityProperties.Client client) {
        String basic = Base64.getEncoder().encodeToString((form(client.clientId()) + ":" + form(client.clientSecret()))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(client.tokenUri()))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        Instant asked = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("the token endpoint " + client.tokenUri() + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking for a token", e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (response.statusCode() != 200 || body == null || !body.path("access_token").isString()) {
            // the error and its description (RFC 6749 §5.2), never the body of a successful answer
            String error = body == null ? "" : body.path("error").asString("") + " " + body.path("error_description").asString("");
            throw new Unavailable("the token endpoint refused client " + client.clientId() + ": "
                    + response.statusCode() + " " + error.strip(), null);
        }
        cached = body.get("access_token").asString();
        long expiresIn = body.path("expires_in").asLong(60);
        Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
        // renew 30 s before expiry, or at half the lifetime for a short-lived token
        Duration margin = lifetime.compareTo(RENEW_BEFORE.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : RENEW_BEFORE;
        renewAt = asked.plus(lifetime).minus(margin);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** No token could be obtained from the identity provider; a call may be tried again later. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
