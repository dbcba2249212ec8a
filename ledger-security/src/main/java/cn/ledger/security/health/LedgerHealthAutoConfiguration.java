package cn.ledger.security.health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Every health indicator of the service answers within {@code ledger.health.timeout} (default 2 s):
 * a check that hangs is reported DOWN instead of holding {@code /actuator/health} (and the probe
 * that reads it) for as long as it hangs.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
public class LedgerHealthAutoConfiguration {

    /** At most this many checks at once; a check still running is waited on, not started again. */
    static final int MAX_CHECK_THREADS = 8;

    @Bean
    static BeanPostProcessor timeLimitedHealthIndicators(Environment environment) {
        return new BeanPostProcessor() {
            private ExecutorService executor;

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HealthIndicator indicator && !inMemory(indicator)) {
                    Duration timeout = environment.getProperty("ledger.health.timeout", Duration.class,
                            Duration.ofSeconds(2));
                    return new TimeLimitedHealthIndicator(beanName, indicator, timeout, executor());
                }
                return bean;
            }

            /** Ping and the availability states answer from memory: they are not moved onto the pool. */
            private boolean inMemory(HealthIndicator indicator) {
                return indicator instanceof TimeLimitedHealthIndicator || indicator instanceof PingHealthIndicator
                        || indicator instanceof AvailabilityStateHealthIndicator;
            }

            private synchronized ExecutorService executor() {
                if (executor == null) {
                    AtomicInteger count = new AtomicInteger();
                    executor = new ThreadPoolExecutor(0, MAX_CHECK_THREADS, 60, TimeUnit.SECONDS,
                            new SynchronousQueue<>(), runnable -> {
                                Thread thread = new Thread(runnable, "health-check-" + count.incrementAndGet());
                                thread.setDaemon(true);
                                return thread;
                            });
                }
                return executor;
            }
        };
    }
}
