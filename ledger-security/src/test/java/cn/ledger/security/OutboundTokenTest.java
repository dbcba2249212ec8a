package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-credentials token of jwt mode, against a token endpoint over real HTTP. */
class OutboundTokenTest {

    HttpServer server;
    final AtomicInteger issued = new AtomicInteger();
    final List<String> requests = new ArrayList<>();
    volatile int status = 200;
    volatile long expiresIn = 300;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            }
            String answer = status == 200
                    ? "{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                            + expiresIn + "}"
                    : "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client secret\"}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OutboundToken token() {
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        LedgerSecurityProperties properties = new LedgerSecurityProperties(LedgerSecurityProperties.Mode.JWT, null, null,
                new LedgerSecurityProperties.Client("ranking-projector", List.of(), "static", null, uri,
                        "ranking-projector", "s3cret:&"), null, null);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new OutboundToken(properties, null, clock);
    }

    @Test
    void obtainsATokenByClientCredentialsAndKeepsItUntilShortlyBeforeItExpires() {
        OutboundToken token = token();
        assertThat(token.authorization()).isEqualTo("Bearer t1");
        assertThat(requests).singleElement().isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("ranking-projector:s3cret%3A%26".getBytes(StandardCharsets.UTF_8))
                + " grant_type=client_credentials");
        now = now.plus(Duration.ofSeconds(269));
        assertThat(token.authorization()).isEqualTo("Bearer t1");
        now = now.plus(Duration.ofSeconds(1)); // 30 s before expires_in runs out
        assertThat(token.authorization()).isEqualTo("Bearer t2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLifetime() {
        expiresIn = 20;
        OutboundToken token = token();
        assertThat(token.authorization()).isEqualTo("Bearer t1");
        now = now.plus(Duration.ofSeconds(9));
        assertThat(token.authorization()).isEqualTo("Bearer t1");
        now = now.plus(Duration.ofSeconds(1));
        assertThat(token.authorization()).isEqualTo("Bearer t2");
    }

    @Test
    void aRefusedTokenIsFetchedAgainOnceButAnOlderOneChangesNothing() {
        OutboundToken token = token();
        String first = token.authorization();
        assertThat(token.refused(first)).isTrue();
        String second = token.authorization();
        assertThat(second).isEqualTo("Bearer t2");
        // a late 401 for the token already replaced does not throw the new one away
        assertThat(token.refused(first)).isFalse();
        assertThat(token.authorization()).isEqualTo("Bearer t2");
        assertThat(issued).hasValue(2);
    }

    @Test
    void aRefusingTokenEndpointIsReportedWithItsErrorAndTriedAgainOnTheNextCall() {
        status = 401;
        OutboundToken token = token();
        assertThatThrownBy(token::authorization).isInstanceOf(OutboundToken.Unavailable.class)
                .hasMessageContaining("401").hasMessageContaining("unauthorized_client")
                .hasMessageNotContaining("s3cret");
        status = 200;
        assertThat(token.authorization()).isEqualTo("Bearer t1");
    }

    @Test
    void anUnreachableTokenEndpointIsUnavailable() {
        OutboundToken token = token();
        server.stop(0);
        assertThatThrownBy(token::authorization).isInstanceOf(OutboundToken.Unavailable.class)
                .hasMessageContaining("cannot be reached");
    }
}
