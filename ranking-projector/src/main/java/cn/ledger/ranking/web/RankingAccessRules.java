package cn.ledger.ranking.web;

import static cn.ledger.security.Access.roles;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import cn.ledger.security.LedgerAccessRules;
import cn.ledger.security.Role;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Reviewers and assessors read the rankings, tallies, boards and completion, operators close a review group's
 * month; each only for the units in their scope ({@link ReadScope}, checked by the controllers). Nothing else.
 */
@Component
public class RankingAccessRules implements LedgerAccessRules {

    @Override
    public void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(POST, "/api/v1/rankings/monthly/{month}/close").hasRole(Role.ADMIN.name());
        rules.requestMatchers(GET, "/api/v1/rankings/**", "/api/v1/tallies/**", "/api/v1/cards/**",
                "/api/v1/assignments/**").hasAnyRole(roles(Role.REVIEWER, Role.ASSESSOR));
        rules.requestMatchers(GET, "/api/v1/accountability").hasAnyRole(roles(Role.REVIEWER, Role.ASSESSOR, Role.ADMIN));
        rules.requestMatchers(GET, "/api/v1/todo").hasAnyRole(roles(Role.ASSESSOR, Role.ADMIN));
        rules.requestMatchers(GET, "/api/v1/audit/**").hasRole(Role.AUDITOR.name());
        rules.requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name());
    }
}
