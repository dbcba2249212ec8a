package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.UnitRegistered;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the applier does around each event besides the read model: the event's correlation id in the
 * logging context while it is applied, and the applied positions told to the waiting queries only once
 * the transaction has committed.
 */
class ProjectionApplierContextTest {

    /** Stream positions kept in memory as the claim would keep them; no parked records. */
    static final class Positions extends JdbcTemplate {
        final Map<String, Long> last = new HashMap<>();

        @Override
        public int update(String sql, Object... args) {
            String stream = (String) args[0];
            long sequence = (Long) args[1];
            if (last.getOrDefault(stream, -1L) >= sequence) {
                return 0;
            }
            last.put(stream, sequence);
            return 1;
        }

        @Override
        public <T> List<T> queryForList(String sql, Class<T> elementType, Object... args) {
            return List.of();
        }
    }

    /**
     * Transactions with synchronisation, as a DataSourceTransactionManager runs them, over the positions
     * in memory: a rollback puts back the positions as they were when the transaction began.
     */
    static final class Transactions extends AbstractPlatformTransactionManager {
        final Positions positions;
        Map<String, Long> atBegin = Map.of();

        Transactions(Positions positions) {
            this.positions = positions;
        }

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            atBegin = new HashMap<>(positions.last);
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            positions.last.clear();
            positions.last.putAll(atBegin);
        }
    }

    /** What reached the waiting queries. */
    static final class Told extends AppliedPositions {
        final List<Map<String, Long>> committed = new ArrayList<>();

        Told() {
            super(new StreamStates(new JdbcTemplate()) {
                @Override
                public Map<String, Long> appliedSequences(Collection<String> streams) {
                    return Map.of();
                }
            }, Duration.ofSeconds(1), 1, Duration.ofHours(1));
        }

        @Override
        public void committed(Map<String, Long> applied) {
            committed.add(Map.copyOf(applied));
        }
    }

    static final org.slf4j.Logger PROJECTION_LOG = LoggerFactory.getLogger("it.projection");

    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final Told told = new Told();
    final List<String> failOn = new ArrayList<>();
    final Projection projection = new Projection() {
        @Override
        public String name() {
            return "context-test";
        }

        @Override
        public void apply(LedgerEnvelope envelope) {
            PROJECTION_LOG.info("applying {} of {}", envelope.sequence(), envelope.subject());
            if (failOn.contains(envelope.eventId())) {
                throw new IllegalStateException("refused by the read model");
            }
        }
    };

    @BeforeEach
    void listen() {
        lines.start();
        ((Logger) PROJECTION_LOG).addAppender(lines);
    }

    @AfterEach
    void stop() {
        ((Logger) PROJECTION_LOG).detachAppender(lines);
        told.close();
        MDC.clear();
    }

    ProjectionApplier applier() {
        Positions positions = new Positions();
        ProjectionApplier applier = new ProjectionApplier(projection, positions,
                new TransactionTemplate(new Transactions(positions)), new SimpleMeterRegistry());
        applier.tellCommittedTo(told);
        return applier;
    }

    @Test
    void aLogLineWrittenWhileApplyingAnEventCarriesItsCorrelationId() {
        MDC.put("correlationId", "the-listener's-own");
        applier().applyBatch(List.of(record("u-1", 0, "corr-first"), record("u-1", 1, "corr-second")));

        assertThat(lines.list).extracting(line -> line.getMDCPropertyMap().get("correlationId"))
                .containsExactly("corr-first", "corr-second");
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("applying 0 of u-1", "applying 1 of u-1");
        assertThat(MDC.get("correlationId")).as("the caller's context put back").isEqualTo("the-listener's-own");
    }

    @Test
    void anEventWithoutCorrelationIdLeavesNoOtherEventsIdInTheLogContext() {
        applier().applyBatch(List.of(record("u-2", 0, null)));

        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getMDCPropertyMap()).doesNotContainKey("correlationId");
        assertThat(MDC.get("correlationId")).isNull();
    }

    @Test
    void positionsAreToldOnlyOnceCommitted() {
        ProjectionApplier applier = applier();
        applier.applyBatch(List.of(record("u-3", 0, "c"), record("u-3", 1, "c"), record("u-4", 0, "c")));
        assertThat(told.committed).containsExactly(Map.of("u-3", 1L, "u-4", 0L));

        // u-5 is applied in the batch's transaction, which u-6 then rolls back; u-5 alone is committed after
        ConsumerRecord<String, byte[]> refused = record("u-6", 0, "c");
        failOn.add(EventCodec.fromRecord(refused).eventId());
        assertThatThrownBy(() -> applier.applyBatch(List.of(record("u-5", 0, "c"), refused)))
                .isInstanceOf(BatchListenerFailedException.class);
        assertThat(told.committed).as("a rolled-back transaction tells nothing")
                .containsExactly(Map.of("u-3", 1L, "u-4", 0L), Map.of("u-5", 0L));
    }

    static ConsumerRecord<String, byte[]> record(String unit, long sequence, String correlationId) {
        LedgerEnvelope envelope = new LedgerEnvelope(java.util.UUID.randomUUID().toString(), "Unit", unit, sequence,
                Instant.now(), "recorder", correlationId,
                new UnitRegistered(unit, "单位", UnitCategory.STREET_OFFICE, null, LocalDate.parse("2020-01-01")));
        ProducerRecord<String, byte[]> sent = EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope);
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, sequence, sent.key(),
                sent.value());
        sent.headers().forEach(header -> received.headers().add(header));
        return received;
    }
}
