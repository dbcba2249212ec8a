package cn.ledger.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The bearer token this service sends when it calls another ledger service (client-credentials-like).
 * Local mode: minted with the local key for {@code ledger.security.client.subject} and its roles, and
 * renewed before it expires. Production: {@code ledger.security.client.token}, or the content of
 * {@code ledger.security.client.token-file} read on every call so that a rotated token is picked up.
 */
public class OutboundToken {

    private final LedgerSecurityProperties properties;
    private final LocalTokens local;
    private final Clock clock;
    private String cached;
    private Instant renewAt = Instant.MIN;

    public OutboundToken(LedgerSecurityProperties properties, LocalTokens local, Clock clock) {
        this.properties = properties;
        this.local = local;
        this.clock = clock;
    }

    /** The value of the {@code Authorization} header. */
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
        if (client.tokenFile() != null) {
            try {
                return "Bearer " + Files.readString(java.nio.file.Path.of(client.tokenFile())).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger.security.client.token-file", e);
            }
        }
        if (client.token() == null || client.token().isBlank()) {
            throw new IllegalStateException("set ledger.security.client.token or token-file for calls to other services");
        }
        return "Bearer " + client.token();
    }
}
