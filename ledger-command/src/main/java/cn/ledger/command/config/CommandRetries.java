package cn.ledger.command.config;

import cn.ledger.command.RuleViolation;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;

/**
 * When a command is tried again. A command that lost a race on its stream (or met a passing storage
 * failure) is retried up to five times, 25 ms apart. A command refused for a broken rule is tried once
 * more, at once, and its second answer stands: the first may have been judged on an aggregate held
 * in the cache that another instance (or an import into the event store) has since moved on from —
 * the refusal rolls the unit of work back, which drops the aggregate from the cache, so the second
 * try judges the stream as stored. (A stale aggregate can never succeed: its append would take a
 * sequence number already taken, and lose the race.) A command that would create a stream under an id
 * already taken is not tried again: the id stays taken.
 */
public final class CommandRetries implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final RetryScheduler races;

    CommandRetries(ScheduledExecutorService executor) {
        this.executor = executor;
        this.races = IntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .maxRetryCount(5)
                .retryInterval(25)
                .addNonTransientFailurePredicate(CommandRetries::brokeARule)
                .build();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean scheduleRetry(CommandMessage command, RuntimeException failure,
            List<Class<? extends Throwable>[]> failures, Runnable dispatch) {
        if (streamExists(failure)) {
            return false;
        }
        if (brokeARule(failure)) {
            if (failures.size() > 1) {
                return false;
            }
            executor.execute(dispatch);
            return true;
        }
        return races.scheduleRetry(command, failure, failures, dispatch);
    }

    /** The event store refused the first event of a stream: a stream with that id exists (Axon's stream-creation conflict). */
    public static boolean streamExists(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    static boolean brokeARule(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleViolation) {
                return true;
            }
        }
        return false;
    }
}
