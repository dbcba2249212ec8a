package cn.ledger.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens already verified, until they expire: a client sends the same token with every
 * request, and checking its signature and converting its claims again each time was a tenth of a
 * command's CPU. A token is verified by the real decoder the first time it is seen; an expired one
 * is refused and forgotten, and one without {@code exp} is refused. At most {@code capacity} tokens are kept (all forgotten when full).
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder decoder;
    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, int capacity, Clock clock) {
        this.decoder = decoder;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        Instant now = clock.instant();
        if (known != null) {
            if (known.getExpiresAt() != null && !now.isBefore(known.getExpiresAt())) {
                verified.remove(token);
                return decoder.decode(token); // refuses it as expired, in the decoder's own words
            }
            return known;
        }
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() == null) {
            // the decoders' validators refuse it already; a decoder configured otherwise must not let it in
            throw new BadJwtException("the token has no expiry (exp)");
        }
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }
}
