package cn.ledger.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's access rules: which role may call which of its endpoints. The shared chain puts the
 * public paths (health, OpenAPI, the event contract) before them and "deny everything else" after
 * them, so an endpoint without a rule is refused to everyone.
 */
@FunctionalInterface
public interface LedgerAccessRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
