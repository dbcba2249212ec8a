package cn.ledger.projection;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Read your writes in a projector: the waiters the live applier wakes, and the interceptor that makes
 * every query wait for the positions it names and say which it was answered on.
 * <ul>
 * <li>{@code ledger.read-your-writes.max-wait} (5s): the longest a query waits, and the largest
 * {@code wait} it may ask for;</li>
 * <li>{@code ledger.read-your-writes.max-waiters} (64): queries waiting at once; one more is answered
 * 503 at once;</li>
 * <li>{@code ledger.read-your-writes.recheck} (250ms): while queries wait, how often the positions other
 * instances applied are read from the database.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class ReadYourWritesConfig {

    @Bean(destroyMethod = "close")
    public AppliedPositions appliedPositions(StreamStates states, ProjectionApplier applier,
            @Value("${ledger.read-your-writes.max-wait:5s}") Duration maxWait,
            @Value("${ledger.read-your-writes.max-waiters:64}") int maxWaiters,
            @Value("${ledger.read-your-writes.recheck:250ms}") Duration recheck) {
        AppliedPositions positions = new AppliedPositions(states, maxWait, maxWaiters, recheck);
        applier.tellCommittedTo(positions);
        return positions;
    }

    @Bean
    public ReadYourWrites readYourWrites(AppliedPositions positions) {
        return new ReadYourWrites(positions);
    }

    @Bean
    public LedgerAppliedBody ledgerAppliedBody(tools.jackson.databind.json.JsonMapper json) {
        return new LedgerAppliedBody(json);
    }

    @Bean
    public WebMvcConfigurer readYourWritesInterceptor(ReadYourWrites readYourWrites) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(readYourWrites).addPathPatterns("/api/v1/**")
                        .excludePathPatterns("/api/v1/admin/**");
            }
        };
    }
}
