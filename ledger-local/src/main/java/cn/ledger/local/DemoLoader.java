package cn.ledger.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Loads the demo data ({@link DemoData}) into a running ledger-command in production (jwt) mode, as the
 * OAuth2 client {@code ledger-demo-loader} (client credentials): the compose file's {@code demo}
 * profile. Loads once: when the demo city is already registered it says so and does nothing.
 *
 * <p>Environment: {@code LEDGER_COMMAND_URL}, {@code LEDGER_DEMO_TOKEN_URI} (the identity provider's token
 * endpoint), {@code LEDGER_DEMO_CLIENT_ID} (default {@code ledger-demo-loader}),
 * {@code LEDGER_DEMO_CLIENT_SECRET}. Needs only Jackson besides the JDK.
 */
public final class DemoLoader {

    private DemoLoader() {}

    public static void main(String[] args) {
        String commandUrl = required("LEDGER_COMMAND_URL");
        String tokenUri = required("LEDGER_DEMO_TOKEN_URI");
        String clientId = envOr("LEDGER_DEMO_CLIENT_ID", "ledger-demo-loader");
        String secret = required("LEDGER_DEMO_CLIENT_SECRET");
        String token = clientCredentials(tokenUri, clientId, secret);
        // one token for every demo role: the client holds the recorder, assessor and discipline-officer roles
        boolean loaded = new DemoData(user -> token, commandUrl).loadOnce();
        System.out.println(loaded ? "Demo data loaded into " + commandUrl
                : "Demo data already there (unit lanzhou exists): nothing loaded");
    }

    /** A token from the OAuth2 token endpoint for a confidential client (RFC 6749 §4.4). */
    static String clientCredentials(String tokenUri, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((form(clientId) + ":" + form(secret))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            LedgerClient.Response answer = new LedgerClient.Response(response.statusCode(), response.body());
            if (answer.status() != 200) {
                throw new IllegalStateException("the token endpoint " + tokenUri + " answered " + answer.status()
                        + " for client " + clientId + ": " + answer.body());
            }
            return answer.json().path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the token endpoint " + tokenUri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println(name + " is not set");
            System.exit(2);
        }
        return value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
