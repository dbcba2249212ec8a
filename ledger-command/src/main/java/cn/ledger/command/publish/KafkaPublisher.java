package cn.ledger.command.publish;

import cn.ledger.command.config.AxonStorageConfig;
import cn.ledger.command.config.LedgerProperties;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored ledger event to {@code ledger.events}, keyed by its stream id.
 *
 * <p>Runs in a streaming processor over the event store. Sends of one batch go out together; the
 * batch waits, with its last event, until Kafka has acknowledged all of them (its prepare-commit
 * checks again), so the processor's token (written in the same transaction) only moves past
 * acknowledged events.
 * A failed or timed-out send rolls the batch back and the processor retries it: at-least-once, in
 * stream order per key.
 */
@Component
@ProcessingGroup(KafkaPublisher.PROCESSING_GROUP)
public class KafkaPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING = KafkaPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final Duration sendTimeout;
    private final Counter published;

    public KafkaPublisher(KafkaTemplate<String, byte[]> kafka, LedgerProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.sendTimeout = properties.kafka().sendTimeout();
        this.published = Counter.builder("ledger.publisher.events")
                .description("Events acknowledged by Kafka on " + Topics.LEDGER_EVENTS)
                .register(meters);
    }

    @EventHandler
    public void publish(EventMessage<?> message) {
        try {
            send(message);
        } finally {
            // The acknowledgements are awaited with the batch's last event, before the unit of work
            // commits: not in its prepare-commit, where the token has already been written and the
            // transaction, holding a transaction id all that time, would keep every event committed
            // meanwhile from being read (commit order).
            if (CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                List<CompletableFuture<?>> sends = CurrentUnitOfWork.get().root().getResource(PENDING);
                if (sends != null) {
                    awaitAcknowledgements(sends);
                }
            }
        }
    }

    private void send(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domain) || !(message.getPayload() instanceof LedgerEvent event)) {
            return;
        }
        LedgerEnvelope envelope = new LedgerEnvelope(
                message.getIdentifier(),
                domain.getType(),
                domain.getAggregateIdentifier(),
                domain.getSequenceNumber(),
                message.getTimestamp(),
                (String) message.getMetaData().get(AxonStorageConfig.RECORDED_BY),
                (String) message.getMetaData().get(AxonStorageConfig.CORRELATION_ID),
                event,
                Boolean.TRUE.equals(message.getMetaData().get(cn.ledger.command.cadre.CadreAggregate.HISTORY)));
        pendingSends().add(kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)));
    }

    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            root.onPrepareCommit(uow -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        if (sends.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + sends.size() + " events", e);
        }
        published.increment(sends.size());
        sends.clear();
    }
}
