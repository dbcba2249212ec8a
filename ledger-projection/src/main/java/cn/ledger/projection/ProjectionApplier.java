package cn.ledger.projection;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of records to a projection in one database transaction, exactly once per event.
 *
 * <p>Each event claims its place in {@code stream_position} (stream id, last applied sequence) in the
 * same transaction as the read-model change: a redelivered event, whose sequence is not above the
 * stored one, changes nothing. Offsets are committed only after the transaction, so a crash between
 * the two replays events that are then recognised as applied.
 *
 * <p>When one record cannot be applied, the records before it are committed on their own and the
 * failure is reported with its index, so that the container retries and then dead-letters only
 * that record.
 */
public class ProjectionApplier {

    private static final Logger log = LoggerFactory.getLogger(ProjectionApplier.class);

    private static final String CLAIM = """
            INSERT INTO stream_position (stream_id, last_sequence, last_event_id, applied_at)
            VALUES (?, ?, ?, now())
            ON CONFLICT (stream_id) DO UPDATE
               SET last_sequence = EXCLUDED.last_sequence, last_event_id = EXCLUDED.last_event_id,
                   applied_at = EXCLUDED.applied_at
             WHERE stream_position.last_sequence < EXCLUDED.last_sequence""";

    private final Projection projection;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Counter applied;
    private final Counter duplicates;
    private final Timer eventAge;

    public ProjectionApplier(Projection projection, JdbcTemplate jdbc, TransactionTemplate transaction,
            MeterRegistry meters) {
        this(projection, jdbc, transaction, meters, projection.name());
    }

    /** An applier whose metrics carry {@code metricsName} as their projection tag (a rebuild's, say). */
    public ProjectionApplier(Projection projection, JdbcTemplate jdbc, TransactionTemplate transaction,
            MeterRegistry meters, String metricsName) {
        this.projection = projection;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.applied = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "applied").description("Events applied to the read model").register(meters);
        this.duplicates = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "duplicate").description("Redelivered events recognised and skipped")
                .register(meters);
        this.eventAge = Timer.builder("ledger.projection.event.age").tag("projection", metricsName)
                .description("Time from an event's recording to its application").register(meters);
    }

    public void applyBatch(List<ConsumerRecord<String, byte[]>> records) {
        int[] position = {0};
        try {
            transaction.executeWithoutResult(status -> {
                for (position[0] = 0; position[0] < records.size(); position[0]++) {
                    applyOne(records.get(position[0]));
                }
            });
        } catch (RuntimeException failure) {
            int failed = position[0];
            ConsumerRecord<String, byte[]> poison = records.get(Math.min(failed, records.size() - 1));
            log.warn("{}: cannot apply record at offset {} of partition {}: {}", projection.name(), poison.offset(),
                    poison.partition(), failure.toString());
            if (failed > 0) {
                transaction.executeWithoutResult(status -> records.subList(0, failed).forEach(this::applyOne));
            }
            throw new BatchListenerFailedException(projection.name() + ": " + failure.getMessage(), failure, failed);
        }
    }

    private void applyOne(ConsumerRecord<String, byte[]> record) {
        LedgerEnvelope envelope = EventCodec.fromRecord(record);
        int claimed = jdbc.update(CLAIM, envelope.subject(), envelope.sequence(), envelope.eventId());
        if (claimed == 0) {
            duplicates.increment();
            return;
        }
        projection.apply(envelope);
        applied.increment();
        eventAge.record(Duration.between(envelope.recordedAt(), Instant.now()).abs());
    }
}
