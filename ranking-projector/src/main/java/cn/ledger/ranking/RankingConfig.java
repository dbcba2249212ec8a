package cn.ledger.ranking;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(RankingProperties.class)
public class RankingConfig {

    @Bean
    Clock clock(RankingProperties properties) {
        return Clock.system(properties.zone());
    }
}
