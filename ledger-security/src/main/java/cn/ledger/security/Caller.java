package cn.ledger.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller as the ledger sees it: the token's subject, its roles, the units whose
 * subtrees it may write for ({@code units} claim; {@code *} for all) and, for a cadre, who they are
 * ({@code cadre} claim).
 */
public record Caller(String id, Set<Role> roles, List<String> units, String cadre) {

    public static final String ALL_UNITS = "*";

    public static Caller of(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object claimed = jwt.getClaims().get(Claims.ROLES);
        if (claimed instanceof Collection<?> values) {
            values.forEach(v -> Role.fromClaim(String.valueOf(v)).ifPresent(roles::add));
        } else if (claimed instanceof String value) {
            for (String v : value.split("[ ,]+")) {
                Role.fromClaim(v).ifPresent(roles::add);
            }
        }
        String cadre = jwt.getClaimAsString(Claims.CADRE);
        if (cadre == null || cadre.isBlank()) {
            roles.remove(Role.CADRE);
            cadre = null;
        }
        List<String> units = jwt.getClaimAsStringList(Claims.UNITS);
        return new Caller(jwt.getSubject(), Set.copyOf(roles), units == null ? List.of() : List.copyOf(units), cadre);
    }

    /** The caller of the current request; fails when there is none (every API request is authenticated). */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return of(token.getToken());
        }
        throw new IllegalStateException("no authenticated caller");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** This caller is the cadre named. */
    public boolean isCadre(String cadreId) {
        return cadre != null && cadre.equals(cadreId) && roles.contains(Role.CADRE);
    }

    /**
     * Whether the unit lies in the caller's scope: it or one of its ancestors is listed in the
     * {@code units} claim. {@code ancestry} gives the unit and its ancestors, nearest first.
     */
    public boolean covers(String unitId, Function<String, List<String>> ancestry) {
        if (units.contains(ALL_UNITS)) {
            return true;
        }
        if (unitId == null || units.isEmpty()) {
            return false;
        }
        return ancestry.apply(unitId).stream().anyMatch(units::contains);
    }
}
