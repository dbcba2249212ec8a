package cn.ledger.command.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: commands on different streams that are sent at the same time share one transaction and one
 * {@code COMMIT} (one WAL flush). Sits between the command gateway and Axon's {@code SimpleCommandBus}.
 *
 * <p>Leader and followers: a command queues; the first queued caller that finds a free group slot (at most
 * {@code max-groups} groups run at once) and whose stream is in no running group leads. It takes the queued commands
 * of other streams (one per stream; a second command on a stream already taken waits for a later group), up to
 * {@code max-batch}. Alone, with no other group running, it goes at once, exactly as without grouping (a single
 * client never waits). Otherwise it waits for more to join until its own command has waited {@code max-wait} or the
 * group is full. The leader opens one transaction and runs each command in its own unit of work under a
 * {@code SAVEPOINT} ({@link GroupTransactions}): a command that fails — refused by a rule, or its append hit the
 * stream's {@code (aggregate_identifier, sequence_number)} key — is rolled back to its savepoint, its cached aggregate
 * evicted, and it is answered alone at once (and retried by the gateway as before); the others go on. One
 * {@code COMMIT}, then every caller is answered. If the {@code COMMIT} fails, the aggregates of the group are evicted
 * and every command that had succeeded in it is run again alone, as without grouping, and answered from that run.
 *
 * <p>A stream stays taken until its group has committed (or been run again alone): no command on it runs on an
 * aggregate holding events that are not committed yet. Everything a command writes in its transaction (its events,
 * the directory's rows, its {@code Idempotency-Key} mark, an import row's key) is inside its savepoint and commits or
 * rolls back with it; the group is one transaction id, so the readers' commit order is unchanged.
 */
public final class GroupCommitBus implements CommandBus {

    public static final String BATCH_SIZE_METRIC = "ledger.group.commit.batch.size";
    public static final String FAILED_COMMITS_METRIC = "ledger.group.commit.failed";

    private static final Logger log = LoggerFactory.getLogger(GroupCommitBus.class);
    private static final TransactionDefinition GROUP = new DefaultTransactionDefinition();

    private final CommandBus delegate;
    private final PlatformTransactionManager transactions;
    private final List<Cache> caches;
    private final long maxWaitNanos;
    private final int maxBatch;
    private final int maxGroups;
    private final Function<CommandMessage<?>, String> streams;
    private final DistributionSummary batchSizes;
    private final Counter failedCommits;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<String> taken = new HashSet<>();
    private int running;

    GroupCommitBus(CommandBus delegate, PlatformTransactionManager transactions, List<Cache> caches,
            Duration maxWait, int maxBatch, int maxGroups, MeterRegistry meters) {
        if (maxBatch < 1 || maxGroups < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("ledger.command.group-commit: max-batch and max-groups must be at least 1, "
                    + "max-wait not negative");
        }
        this.delegate = delegate;
        this.transactions = transactions;
        this.caches = List.copyOf(caches);
        this.maxWaitNanos = maxWait.toNanos();
        this.maxBatch = maxBatch;
        this.maxGroups = maxGroups;
        AnnotationCommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();
        this.streams = command -> {
            try {
                return targets.resolveTarget(command).getIdentifier();
            } catch (IllegalArgumentException e) {
                return null;
            }
        };
        this.batchSizes = DistributionSummary.builder(BATCH_SIZE_METRIC)
                .description("Commands committed together in one transaction (1: a command that went alone)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(meters);
        this.failedCommits = Counter.builder(FAILED_COMMITS_METRIC)
                .description("Groups whose shared COMMIT failed; their commands were run again alone")
                .register(meters);
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, (c, r) -> {});
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        String stream = streams.apply(command);
        if (stream == null || TransactionSynchronizationManager.isActualTransactionActive()) {
            // no stream to keep apart, or sent from inside a transaction that the command joins: as without grouping
            delegate.dispatch(command, callback);
            return;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Pending me = new Pending((CommandMessage) command, (CommandCallback) callback, stream, System.nanoTime());
        List<Pending> group;
        lock.lock();
        try {
            queue.add(me);
            changed.signalAll();
            while (!me.taken && (running >= maxGroups || taken.contains(stream))) {
                changed.awaitUninterruptibly();
            }
            if (me.taken) {
                return; // a leader runs it and answers its callback
            }
            running++;
            group = gather(me);
        } finally {
            lock.unlock();
        }
        try {
            run(group);
        } finally {
            lock.lock();
            try {
                running--;
                group.forEach(p -> taken.remove(p.stream));
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The leader's group: itself, then the queued commands of other streams; waits for more only under load. */
    private List<Pending> gather(Pending leader) {
        List<Pending> group = new ArrayList<>();
        take(leader, group);
        takeQueued(group);
        if (group.size() == 1 && running == 1) {
            return group; // nothing else queued or running: at once
        }
        long deadline = leader.queuedAt + maxWaitNanos;
        while (group.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            takeQueued(group);
        }
        return group;
    }

    private void takeQueued(List<Pending> group) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && group.size() < maxBatch; ) {
            Pending p = it.next();
            if (!taken.contains(p.stream)) {
                it.remove();
                p.taken = true;
                taken.add(p.stream);
                group.add(p);
            }
        }
    }

    private void take(Pending p, List<Pending> group) {
        queue.remove(p);
        p.taken = true;
        taken.add(p.stream);
        group.add(p);
    }

    private void run(List<Pending> group) {
        batchSizes.record(group.size());
        if (group.size() == 1) {
            Pending alone = group.get(0);
            delegate.dispatch(alone.command, alone.callback);
            return;
        }
        List<Pending> succeeded = new ArrayList<>(group.size());
        Set<Pending> answered = new HashSet<>();
        boolean committed = false;
        GroupTransactions.leading(true);
        try {
            TransactionStatus transaction = transactions.getTransaction(GROUP);
            try {
                for (Pending p : group) {
                    Captured result = new Captured();
                    GroupTransactions.nextIsMember(true);
                    try {
                        delegate.dispatch(p.command, result);
                    } catch (RuntimeException e) {
                        result.result = GenericCommandResultMessage.asCommandResultMessage(e);
                    } finally {
                        GroupTransactions.nextIsMember(false);
                    }
                    if (result.result == null || result.result.isExceptional()) {
                        // rolled back to its savepoint: nothing of it stays; answered alone
                        evict(p.stream);
                        answered.add(p);
                        p.callback.onResult(p.command, result.result != null ? result.result
                                : GenericCommandResultMessage.asCommandResultMessage(
                                        new IllegalStateException("the command was not answered")));
                    } else {
                        p.result = result.result;
                        succeeded.add(p);
                    }
                }
            } catch (RuntimeException e) {
                if (!transaction.isCompleted()) {
                    transactions.rollback(transaction);
                }
                throw e;
            }
            transactions.commit(transaction);
            committed = true;
        } catch (RuntimeException e) {
            log.warn("a group of {} commands could not commit; each is run again alone: {}", group.size(), e.toString());
        } finally {
            GroupTransactions.leading(false);
        }
        if (committed) {
            succeeded.forEach(p -> p.callback.onResult(p.command, p.result));
            return;
        }
        failedCommits.increment();
        group.forEach(p -> evict(p.stream));
        for (Pending p : group) {
            if (answered.contains(p)) {
                continue;
            }
            try {
                delegate.dispatch(p.command, p.callback);
            } catch (RuntimeException e) {
                p.callback.onResult(p.command, GenericCommandResultMessage.asCommandResultMessage(e));
            }
        }
    }

    private void evict(String stream) {
        caches.forEach(cache -> cache.remove(stream));
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return delegate.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return delegate.registerDispatchInterceptor(dispatchInterceptor);
    }

    private static final class Pending {
        final CommandMessage<Object> command;
        final CommandCallback<Object, Object> callback;
        final String stream;
        final long queuedAt;
        boolean taken;
        CommandResultMessage<Object> result;

        Pending(CommandMessage<Object> command, CommandCallback<Object, Object> callback, String stream, long queuedAt) {
            this.command = command;
            this.callback = callback;
            this.stream = stream;
            this.queuedAt = queuedAt;
        }
    }

    private static final class Captured implements CommandCallback<Object, Object> {
        CommandResultMessage<Object> result;

        @Override
        @SuppressWarnings("unchecked")
        public void onResult(CommandMessage<?> commandMessage, CommandResultMessage<?> commandResultMessage) {
            result = (CommandResultMessage<Object>) commandResultMessage;
        }
    }
}
