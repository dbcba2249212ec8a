package cn.ledger.query.web;

import static org.springframework.http.HttpMethod.GET;

import cn.ledger.query.directory.ScopedRecordAccess;
import cn.ledger.security.Access;
import cn.ledger.security.LedgerAccessRules;
import cn.ledger.security.Role;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Reviewers read everything here; auditors the history (timelines, dossiers as known at a time) and
 * the audit API; a cadre only their own dossier, eligibility, totals and timeline; recorders and
 * discipline officers the dossiers and timelines of the cadres (and units) in their scope, assessors the
 * timelines (a unit's open assignments, for 销号); every caller
 * the directory of their own scope. Nothing else.
 * The console's static files and its settings are open: they hold no data.
 */
@Component
public class QueryAccessRules implements LedgerAccessRules {

    private final ScopedRecordAccess scoped;

    public QueryAccessRules(ScopedRecordAccess scoped) {
        this.scoped = scoped;
    }

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(GET, "/console", "/console/", "/console/**").permitAll();
        rules.requestMatchers(GET, "/api/v1/cadres/{cadreId}/dossier")
                .access(scoped.of("cadreId", List.of(Role.REVIEWER, Role.AUDITOR), Role.RECORDER, Role.DISCIPLINE_OFFICER));
        rules.requestMatchers(GET, "/api/v1/cadres/{cadreId}/**").access(Access.rolesOrSelf("cadreId", Role.REVIEWER));
        rules.requestMatchers(GET, "/api/v1/streams/{streamId}/**")
                .access(scoped.of("streamId", List.of(Role.REVIEWER, Role.AUDITOR), Role.RECORDER,
                        Role.DISCIPLINE_OFFICER, Role.ASSESSOR));
        // every caller, each answered within their own scope
        rules.requestMatchers(GET, "/api/v1/directory/**").authenticated();
        rules.requestMatchers(GET, "/api/v1/units/**", "/api/v1/interviews/**", "/api/v1/cards/**")
                .hasRole(Role.REVIEWER.name());
        rules.requestMatchers(GET, "/api/v1/todo").hasAnyRole(Access.roles(Role.DISCIPLINE_OFFICER, Role.ADMIN));
        rules.requestMatchers(GET, "/api/v1/audit/**").hasRole(Role.AUDITOR.name());
        rules.requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name());
    }
}
