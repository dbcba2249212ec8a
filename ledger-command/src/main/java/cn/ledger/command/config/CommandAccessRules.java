package cn.ledger.command.config;

import static cn.ledger.security.Access.roles;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import cn.ledger.security.Access;
import cn.ledger.security.LedgerAccessRules;
import cn.ledger.security.Role;
import org.springframework.stereotype.Component;

/**
 * Who may call which command. On top of these, every write names a unit or a cadre, which must lie in
 * the caller's unit scope ({@code RequestRules}); a cadre may only file appeals on their own records.
 * Whatever is not listed here is refused to everyone.
 */
@Component
public class CommandAccessRules implements LedgerAccessRules {

    private static final String CADRES = "/api/v1/cadres";
    private static final String CADRE = "/api/v1/cadres/{cadreId}";
    private static final String UNIT = "/api/v1/units/{unitId}";

    @Override
    public void configure(
            org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer<
                    org.springframework.security.config.annotation.web.builders.HttpSecurity>
                    .AuthorizationManagerRequestMatcherRegistry rules) {
        // master data
        rules.requestMatchers(POST, "/api/v1/units", UNIT + "/renaming", UNIT + "/closure").hasRole(Role.RECORDER.name());
        rules.requestMatchers(POST, CADRES, CADRE + "/appointments", CADRE + "/rank-changes", CADRE + "/transfers")
                .hasRole(Role.RECORDER.name());
        // what the assessors issue to units
        rules.requestMatchers(POST, UNIT + "/cards", UNIT + "/assignments", UNIT + "/assignments/*/completion",
                UNIT + "/evaluations", UNIT + "/records/*/revocation").hasRole(Role.ASSESSOR.name());
        rules.requestMatchers(POST, UNIT + "/accountability-procedures")
                .hasAnyRole(roles(Role.ASSESSOR, Role.RANKING_SERVICE));
        // records about cadres
        rules.requestMatchers(POST, CADRE + "/entries", CADRE + "/entries/*/amendment", CADRE + "/entries/*/revocation",
                CADRE + "/interviews", CADRE + "/annual-grades", CADRE + "/postings", CADRE + "/postings/*/end")
                .hasRole(Role.RECORDER.name());
        rules.requestMatchers(POST, CADRE + "/entries/*/toleration", CADRE + "/records/*/revocation")
                .hasAnyRole(roles(Role.RECORDER, Role.DISCIPLINE_OFFICER));
        rules.requestMatchers(POST, CADRE + "/sanctions", CADRE + "/investigations", CADRE + "/investigations/*/closure",
                CADRE + "/appeals/*/decision").hasRole(Role.DISCIPLINE_OFFICER.name());
        rules.requestMatchers(POST, CADRE + "/appeals")
                .access(Access.rolesOrSelf("cadreId", Role.RECORDER, Role.DISCIPLINE_OFFICER));
        // importing existing workbooks: each row is then checked against the uploader's roles and scope
        rules.requestMatchers("/api/v1/imports", "/api/v1/imports/**")
                .hasAnyRole(roles(Role.RECORDER, Role.DISCIPLINE_OFFICER));
        // read-only audit, operations
        rules.requestMatchers(GET, "/api/v1/audit/**").hasRole(Role.AUDITOR.name());
        rules.requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name());
    }
}
