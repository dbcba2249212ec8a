package cn.ledger.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints tokens signed with the local key (local mode only: local runs and tests). */
public final class LocalTokens {

    /** The {@code iss} of every local token. */
    public static final String ISSUER = "urn:ledger:local";

    private final RSAKey key;
    private final Duration lifetime;
    private final Clock clock;

    public LocalTokens(RSAKey key, Duration lifetime, Clock clock) {
        this.key = key;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public RSAPublicKey publicKey() {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for one of the documented demo users. */
    public String forDemoUser(String user) {
        DemoUsers.User u = DemoUsers.find(user)
                .orElseThrow(() -> new IllegalArgumentException("no demo user " + user + "; known: " + DemoUsers.names()));
        return mint(u.subject(), u.roles(), u.units(), u.cadre());
    }

    public String mint(String subject, Collection<Role> roles, List<String> units, String cadre) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim(Claims.ROLES, roles.stream().map(Role::claim).toList());
        if (units != null && !units.isEmpty()) {
            claims.claim(Claims.UNITS, List.copyOf(units));
        }
        if (cadre != null) {
            claims.claim(Claims.CADRE, cadre);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public Duration lifetime() {
        return lifetime;
    }
}
