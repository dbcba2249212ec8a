package cn.ledger.query.config;

import cn.ledger.query.eligibility.EligibilityEngine;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(EligibilityProperties.class)
public class QueryConfig {

    /** "Today" for questions asked without a date; the district's own time zone. */
    @Bean
    Clock clock() {
        return Clock.system(java.time.ZoneId.of("Asia/Shanghai"));
    }

    @Bean
    EligibilityEngine eligibilityEngine(EligibilityProperties properties) {
        return new EligibilityEngine(properties.toPolicy());
    }
}
