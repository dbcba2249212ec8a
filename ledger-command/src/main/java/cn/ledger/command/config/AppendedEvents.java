package cn.ledger.command.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code ledger.events.appended}: events appended to the event store, by type (the event's simple class
 * name), counted once their transaction has committed; a command that is rolled back counts nothing.
 */
@Component
public class AppendedEvents {

    public static final String METRIC = "ledger.events.appended";

    private final MeterRegistry meters;

    public AppendedEvents(EmbeddedEventStore eventStore, MeterRegistry meters) {
        this.meters = meters;
        eventStore.registerDispatchInterceptor(this::count);
    }

    private java.util.function.BiFunction<Integer, EventMessage<?>, EventMessage<?>> count(
            List<? extends EventMessage<?>> events) {
        List<String> types = events.stream().map(e -> e.getPayloadType().getSimpleName()).toList();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(uow -> countOnCommit(types));
        } else {
            types.forEach(this::increment);
        }
        return (index, event) -> event;
    }

    /**
     * After a command's unit of work: counted now, or, for a command of a group ({@link GroupCommitBus}), whose unit
     * of work ended with its savepoint, when the group's transaction commits.
     */
    private void countOnCommit(List<String> types) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    types.forEach(AppendedEvents.this::increment);
                }
            });
        } else {
            types.forEach(this::increment);
        }
    }

    private void increment(String type) {
        Counter.builder(METRIC).description("Events appended to the event store, by type").tag("type", type)
                .register(meters).increment();
    }
}
