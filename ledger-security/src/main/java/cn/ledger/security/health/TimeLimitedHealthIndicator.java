package cn.ledger.security.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health indicator that answers within a bound: the check runs on a thread of its own and, if it
 * has not answered by then (a database that does not hand out a connection, a broker that does not
 * reply), the answer is DOWN saying so. A check still running is waited on again by the next call,
 * never started twice, so a check that hangs for good holds one thread, not one per call.
 */
public final class TimeLimitedHealthIndicator implements HealthIndicator {

    private final String name;
    private final HealthIndicator delegate;
    private final Duration timeout;
    private final Executor executor;
    private CompletableFuture<Health> running;

    public TimeLimitedHealthIndicator(String name, HealthIndicator delegate, Duration timeout, Executor executor) {
        this.name = name;
        this.delegate = delegate;
        this.timeout = timeout;
        this.executor = executor;
    }

    public HealthIndicator delegate() {
        return delegate;
    }

    @Override
    public Health health(boolean includeDetails) {
        CompletableFuture<Health> check;
        try {
            check = check(includeDetails);
        } catch (RejectedExecutionException e) {
            return Health.down().withDetail("error", "no thread free to run the " + name + " check").build();
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "the " + name + " check did not answer within " + timeout).build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause() instanceof Exception cause ? cause : e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public Health health() {
        return health(true);
    }

    private synchronized CompletableFuture<Health> check(boolean includeDetails) {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(() -> delegate.health(includeDetails), executor);
        }
        return running;
    }
}
