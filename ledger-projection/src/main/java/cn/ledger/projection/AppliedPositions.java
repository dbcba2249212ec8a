package cn.ledger.projection;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read your writes: a query that names the stream positions a command wrote waits here, bounded, until
 * the projection has applied them.
 *
 * <p>The applier tells {@link #committed} what it applied once its transaction has committed, which
 * completes the waiters it satisfies at once: a request thread blocks on its own future and never polls.
 * Positions applied by another instance of the service (the consumer group shares the partitions among
 * them) or switched in by a rebuild reach no waiter that way, so while anyone waits one background
 * thread reads the waited-for streams' positions from {@code stream_position} every
 * {@code recheck} and completes those met.
 *
 * <p>At most {@code maxWaiters} requests wait at once; one more is refused at once
 * ({@link TooManyWaiters}), never queued.
 */
public class AppliedPositions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppliedPositions.class);

    /** The outcome of a wait: whether every position was reached, and the positions applied then (-1: none). */
    public record Outcome(boolean reached, Map<String, Long> required, Map<String, Long> applied) {}

    /** More requests wait than allowed. */
    public static class TooManyWaiters extends RuntimeException {
        public TooManyWaiters(int max) {
            super(max + " requests already wait for the projection", null, false, false);
        }
    }

    private static final class Waiter {
        final Map<String, Long> pending;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Waiter(Map<String, Long> required) {
            this.pending = new HashMap<>(required);
        }

        synchronized void reached(Map<String, Long> applied) {
            applied.forEach((stream, sequence) -> pending.computeIfPresent(stream,
                    (s, wanted) -> sequence >= wanted ? null : wanted));
            if (pending.isEmpty()) {
                done.complete(null);
            }
        }

        synchronized Set<String> streams() {
            return new HashSet<>(pending.keySet());
        }
    }

    private final StreamStates states;
    private final Duration maxWait;
    private final int maxWaiters;
    private final Semaphore slots;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService rechecks;

    public AppliedPositions(StreamStates states, Duration maxWait, int maxWaiters, Duration recheck) {
        this.states = states;
        this.maxWait = maxWait;
        this.maxWaiters = maxWaiters;
        this.slots = new Semaphore(maxWaiters);
        this.rechecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "applied-positions-recheck");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(10, recheck.toMillis());
        rechecks.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
    }

    /** The longest a request may wait. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The positions applied now, per stream (-1 for a stream none of which was applied). */
    public Map<String, Long> applied(Collection<String> streams) {
        Map<String, Long> found = states.appliedSequences(streams);
        Map<String, Long> applied = new LinkedHashMap<>();
        streams.forEach(stream -> applied.put(stream, found.getOrDefault(stream, -1L)));
        return applied;
    }

    /**
     * Waits until every stream is applied at least up to its sequence, or {@code wait} (at most the
     * configured maximum) has passed.
     *
     * @throws TooManyWaiters when the positions are not reached yet and no more requests may wait
     */
    public Outcome await(Map<String, Long> required, Duration wait) {
        Map<String, Long> applied = applied(required.keySet());
        if (met(required, applied) || wait.isZero() || wait.isNegative()) {
            return new Outcome(met(required, applied), required, applied);
        }
        if (!slots.tryAcquire()) {
            throw new TooManyWaiters(maxWaiters);
        }
        Waiter waiter = new Waiter(required);
        waiters.add(waiter);
        try {
            // what was committed between the first reading and the registration reached no waiter
            waiter.reached(applied(required.keySet()));
            long nanos = (wait.compareTo(maxWait) > 0 ? maxWait : wait).toNanos();
            waiter.done.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException bound) {
            // answered below from what is applied now
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException cannot) {
            throw new IllegalStateException(cannot.getCause());
        } finally {
            waiters.remove(waiter);
            slots.release();
        }
        applied = applied(required.keySet());
        return new Outcome(met(required, applied), required, applied);
    }

    /** What the applier committed: the last sequence applied per stream. Completes the waiters it satisfies. */
    public void committed(Map<String, Long> applied) {
        if (applied.isEmpty() || waiters.isEmpty()) {
            return;
        }
        for (Waiter waiter : waiters) {
            waiter.reached(applied);
        }
    }

    /** Requests waiting now. */
    public int waiting() {
        return waiters.size();
    }

    private void recheck() {
        if (waiters.isEmpty()) {
            return;
        }
        try {
            Set<String> streams = new HashSet<>();
            waiters.forEach(waiter -> streams.addAll(waiter.streams()));
            if (!streams.isEmpty()) {
                committed(states.appliedSequences(streams));
            }
        } catch (RuntimeException e) {
            log.debug("cannot read stream positions for waiting requests: {}", e.toString());
        }
    }

    private static boolean met(Map<String, Long> required, Map<String, Long> applied) {
        return required.entrySet().stream()
                .allMatch(want -> applied.getOrDefault(want.getKey(), -1L) >= want.getValue());
    }

    @Override
    public void close() {
        rechecks.shutdownNow();
    }
}
