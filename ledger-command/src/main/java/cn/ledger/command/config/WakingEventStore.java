package cn.ledger.command.config;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, with streams that each read the storage engine themselves, a batch at a time, and
 * wait for new events on a signal given when an append of this service commits.
 *
 * <p>Axon's own streams share one reader that keeps the events it has read in a linked list; a processor moved off
 * that list while it was taking its next event keeps a reference into it, and with it every event the shared reader
 * reads afterwards (AxonFramework issue 2954): with a backlog read at tens of thousands of events a second — a
 * million events appended at once in the big-log benchmark — that held half a million events within seconds and ran
 * the service out of heap. Axon's private streams do not have that list, but nothing wakes them: a processor then
 * waits its whole poll (a second) before it sees an event. Here a stream that has read everything waits until an
 * append commits, lets the appends of the next {@code recheck} (20 ms) join it — a processor that took every event
 * on its own as it came spent more on its batches (a token update and a commit each, a Kafka round trip for the
 * publisher) than the command had cost — and reads them; for a while after an append it looks again every
 * {@code recheck}, since an event committed while an older transaction still runs becomes readable only when that
 * one ends (commit order); idle, it looks once per wait the processor asks for.
 */
final class WakingEventStore extends EmbeddedEventStore {

    /** How long after an append a stream that found nothing keeps looking every {@code recheck}. */
    private static final long RECHECKING_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Lock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final long recheckNanos;
    private volatile long lastAppend = System.nanoTime() - RECHECKING_NANOS;

    WakingEventStore(Builder builder, Duration recheck) {
        super(builder.optimizeEventConsumption(false));
        this.recheckNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), recheck.toNanos());
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        lastAppend = System.nanoTime();
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new Reader(trackingToken);
    }

    /** One processor's stream: the storage engine's events after its token, read lazily in batches. */
    private final class Reader implements TrackingEventStream {

        private TrackingToken last;
        private Stream<? extends TrackedEventMessage<?>> stream;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;

        Reader(TrackingToken from) {
            this.last = from;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return hasNextAvailable() ? Optional.of(peeked) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(Math.max(0, timeout));
            while (true) {
                if (peeked != null) {
                    return true;
                }
                long readAt = System.nanoTime();
                if (events == null) {
                    stream = storageEngine().readEvents(last, false);
                    events = stream.iterator();
                }
                if (events.hasNext()) {
                    peeked = events.next();
                    last = peeked.trackingToken();
                    return true;
                }
                closeStream();
                long now = System.nanoTime();
                long remaining = deadline - now;
                if (remaining <= 0) {
                    return false;
                }
                boolean appendedSince;
                lock.lock();
                try {
                    appendedSince = lastAppend - readAt >= 0;
                    if (!appendedSince) {
                        // just after an append: look again soon (commit order); otherwise wait for the next append
                        appended.awaitNanos(now - lastAppend < RECHECKING_NANOS ? Math.min(remaining, recheckNanos)
                                : remaining);
                        appendedSince = lastAppend - readAt >= 0;
                    }
                } finally {
                    lock.unlock();
                }
                if (appendedSince) {
                    // the appends of the next moment join it: one read, one batch and one token update for them all
                    long gather = Math.min(recheckNanos, deadline - System.nanoTime());
                    if (gather > 0) {
                        TimeUnit.NANOSECONDS.sleep(gather);
                    }
                }
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // a processor asks only after hasNextAvailable said yes; wait all the same
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            return next;
        }

        @Override
        public void close() {
            closeStream();
        }

        private void closeStream() {
            if (stream != null) {
                stream.close();
            }
            stream = null;
            events = null;
        }
    }
}
