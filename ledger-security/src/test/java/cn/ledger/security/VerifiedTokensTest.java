package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class VerifiedTokensTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final AtomicInteger verifications = new AtomicInteger();
    /** Verifies "good-…" tokens (expiring an hour after NOW), refuses everything else. */
    final JwtDecoder real = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new JwtException("bad signature");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token).issuedAt(NOW.minusSeconds(60))
                .expiresAt(NOW.plus(Duration.ofHours(1))).build();
    };

    @Test
    void verifiesATokenOnceWhileItIsValid() {
        VerifiedTokens tokens = new VerifiedTokens(real, 100, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("good-1");
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("good-1");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void neverRemembersARefusedToken() {
        VerifiedTokens tokens = new VerifiedTokens(real, 100, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(JwtException.class);
        }
        assertThat(verifications).hasValue(2);
    }

    @Test
    void sendsAnExpiredTokenBackToTheRealDecoder() {
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        JwtDecoder refusesLater = token -> {
            verifications.incrementAndGet();
            if (now[0].isAfter(NOW.plus(Duration.ofHours(1)))) {
                throw new JwtException("Jwt expired");
            }
            return real.decode(token);
        };
        VerifiedTokens tokens = new VerifiedTokens(refusesLater, 100, clock);
        tokens.decode("good-1");
        now[0] = NOW.plus(Duration.ofHours(2));
        assertThatThrownBy(() -> tokens.decode("good-1")).hasMessageContaining("expired");
    }

    @Test
    void forgetsEverythingWhenFull() {
        VerifiedTokens tokens = new VerifiedTokens(real, 2, Clock.fixed(NOW, ZoneOffset.UTC));
        for (String t : List.of("good-1", "good-2", "good-3", "good-1")) {
            tokens.decode(t);
        }
        assertThat(verifications).hasValue(4);
    }
}
