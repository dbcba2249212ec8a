package cn.ledger.query.directory;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may read a cadre's (or a unit's) records: the roles that read everything, the cadre themself, and
 * the roles that write records — recorders and discipline officers — for the cadres and units in their
 * scope, so that they can see what they recorded and correct it from the record. A stream the read model
 * does not know is outside every writer's scope.
 */
@Component
public class ScopedRecordAccess {

    private static final String ANCESTRY = """
            WITH RECURSIVE up AS (
                SELECT unit_id, parent_unit_id, 0 AS depth FROM unit WHERE unit_id = ?
                UNION ALL
                SELECT u.unit_id, u.parent_unit_id, up.depth + 1 FROM unit u JOIN up ON u.unit_id = up.parent_unit_id
                 WHERE up.depth < 64)
            SELECT unit_id FROM up ORDER BY depth""";

    private final JdbcTemplate jdbc;

    public ScopedRecordAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Granted to {@code readers}, to the cadre named by the path variable, and to {@code writers} in scope. */
    public AuthorizationManager<RequestAuthorizationContext> of(String variable, List<Role> readers,
            Role... writers) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                    RequestAuthorizationContext context) {
                if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
                    return new AuthorizationDecision(false);
                }
                Caller caller = Caller.of(token.getToken());
                String id = context.getVariables().get(variable);
                if (readers.stream().anyMatch(caller::has) || caller.isCadre(id)) {
                    return new AuthorizationDecision(true);
                }
                boolean writer = Arrays.stream(writers).anyMatch(caller::has);
                return new AuthorizationDecision(writer && id != null && inScope(caller, id));
            }
        };
    }

    /** The stream is a cadre of a unit in the caller's scope, or a unit in it. */
    boolean inScope(Caller caller, String streamId) {
        if (caller.units().isEmpty() || streamId.length() > 64) {
            return false;
        }
        List<String> unit = jdbc.queryForList("SELECT unit_id FROM cadre WHERE cadre_id = ?", String.class, streamId);
        String unitId = unit.isEmpty() ? streamId : unit.get(0);
        List<String> ancestry = jdbc.queryForList(ANCESTRY, String.class, unitId);
        return !ancestry.isEmpty() && caller.covers(unitId, u -> ancestry);
    }
}
