package cn.ledger.security.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class TimeLimitedHealthIndicatorTest {

    final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aCheckThatHangsIsAnsweredDownAndIsNotStartedAgainWhileItHangs() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        HealthIndicator hanging = () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Health.up().build();
        };
        TimeLimitedHealthIndicator db = new TimeLimitedHealthIndicator("db", hanging, Duration.ofMillis(100), executor);

        Health first = db.health();
        Health second = db.health(false);

        assertThat(first.getStatus()).isEqualTo(Status.DOWN);
        assertThat(first.getDetails()).containsEntry("error", "the db check did not answer within PT0.1S");
        assertThat(second.getStatus()).isEqualTo(Status.DOWN);
        assertThat(started).hasValue(1);
        release.countDown();
    }

    @Test
    void aCheckThatFailsIsDownAndOneThatAnswersIsPassedOn() {
        HealthIndicator failing = () -> {
            throw new IllegalStateException("no connection");
        };
        assertThat(new TimeLimitedHealthIndicator("db", failing, Duration.ofSeconds(5), executor).health().getStatus())
                .isEqualTo(Status.DOWN);
        HealthIndicator fine = () -> Health.up().withDetail("database", "PostgreSQL").build();
        assertThat(new TimeLimitedHealthIndicator("db", fine, Duration.ofSeconds(5), executor).health())
                .isEqualTo(Health.up().withDetail("database", "PostgreSQL").build());
    }
}
