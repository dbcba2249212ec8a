package cn.ledger.security;

import java.util.Arrays;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** Access decisions the role names alone cannot express. */
public final class Access {

    private Access() {}

    /** Granted to any of the roles, and to the cadre whose id is the path variable {@code variable}. */
    public static AuthorizationManager<RequestAuthorizationContext> rolesOrSelf(String variable, Role... roles) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
                    return new AuthorizationDecision(false);
                }
                Caller caller = Caller.of(token.getToken());
                boolean granted = Arrays.stream(roles).anyMatch(caller::has)
                        || caller.isCadre(context.getVariables().get(variable));
                return new AuthorizationDecision(granted);
            }
        };
    }

    public static String[] roles(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }
}
