package cn.ledger.projection;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.slf4j.MDC;

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
 *
 * <p>A batch is decoded on another thread ({@link Decoding}), chunk by chunk, while the writes of the chunk
 * before it are sent; the events are applied in the batch's order, in its one transaction.
 *
 * <p>Once a transaction has committed, the positions it applied are told to {@link AppliedPositions}
 * (when one is set), which wakes the queries waiting to read those writes. While an event is applied,
 * the logging context carries its correlation id under {@value #MDC_CORRELATION_ID}, so that a log line
 * a projection writes names the request that caused the event.
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

    /** The MDC key of the correlation id, the same the services' request logs use. */
    public static final String MDC_CORRELATION_ID = "correlationId";

    private final Projection projection;
    private volatile AppliedPositions positions;
    private final ParkedEvents parked;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Counter applied;
    private final Counter duplicates;
    private final Timer eventAge;
    private final Counter waiting;
    private final Counter redriven;
    private final Counter batchesTogether;
    private final Counter batchesOneByOne;
    private volatile boolean copyInserts;

    public ProjectionApplier(Projection projection, JdbcTemplate jdbc, TransactionTemplate transaction,
            MeterRegistry meters) {
        this(projection, jdbc, transaction, meters, projection.name());
    }

    public ParkedEvents parked() {
        return parked;
    }

    /** Where committed positions are told, to wake the queries waiting for them (the live applier only). */
    public void tellCommittedTo(AppliedPositions positions) {
        this.positions = positions;
    }

    /** An applier whose metrics carry {@code metricsName} as their projection tag (a rebuild's, say). */
    public ProjectionApplier(Projection projection, JdbcTemplate jdbc, TransactionTemplate transaction,
            MeterRegistry meters, String metricsName) {
        this.projection = projection;
        this.parked = new ParkedEvents(jdbc);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.applied = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "applied").description("Events applied to the read model").register(meters);
        this.duplicates = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "duplicate").description("Redelivered events recognised and skipped")
                .register(meters);
        // a histogram, for the dashboard's quantiles; a rebuild applies events days old
        this.eventAge = Timer.builder("ledger.projection.event.age").tag("projection", metricsName)
                .description("Time from an event's recording to its application")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofDays(7))
                .register(meters);
        this.waiting = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "parked").description("Records parked behind a parked record of their stream")
                .register(meters);
        this.redriven = Counter.builder("ledger.projection.events").tag("projection", metricsName)
                .tag("outcome", "redriven").description("Parked records applied by a re-drive").register(meters);
        this.batchesTogether = Counter.builder("ledger.projection.batches").tag("projection", metricsName)
                .tag("mode", "together").description("Batches applied in one go, their writes sent as JDBC batches")
                .register(meters);
        this.batchesOneByOne = Counter.builder("ledger.projection.batches").tag("projection", metricsName)
                .tag("mode", "record-by-record")
                .description("Batches applied one record at a time (single records, parked streams, poison, races)")
                .register(meters);
    }

    /**
     * Loads the plain inserts of every batch applied together with {@code COPY} rather than JDBC batches
     * (see {@link BatchingJdbcTemplate#deferring(java.util.function.Supplier, boolean)}): for a rebuild, whose
     * schema no one reads until it is switched in.
     */
    public ProjectionApplier copyingInserts(boolean copy) {
        this.copyInserts = copy;
        return this;
    }

    /**
     * Starts decoding the records (CloudEvent and JSON, text made storable) on another thread, chunk by chunk
     * in order; {@link #applyBatch(List, Decoding)} takes each chunk as it is ready, so that decoding overlaps
     * the writes. A caller that has the next batch before it applies the current one starts its decoding
     * first, and it overlaps the current batch's writes as well.
     */
    public Decoding decode(List<ConsumerRecord<String, byte[]>> records) {
        return new Decoding(records);
    }

    public void applyBatch(List<ConsumerRecord<String, byte[]>> records) {
        applyBatch(records, null);
    }

    /** Applies the batch with its {@link #decode decoding} when there is one (of this very list), else decodes it. */
    public void applyBatch(List<ConsumerRecord<String, byte[]>> records, Decoding decoding) {
        if (jdbc instanceof BatchingJdbcTemplate batching && records.size() > 1) {
            try {
                applyTogether(records, decoding != null && decoding.records == records ? decoding : decode(records),
                        batching);
                batchesTogether.increment();
                return;
            } catch (RuntimeException e) {
                // a record that cannot be applied, a stream with parked records, or a race with another
                // instance: the batch goes again one record at a time, which finds and reports the culprit
                log.debug("{}: batch of {} applied record by record: {}", projection.name(), records.size(),
                        e.toString());
            }
        }
        batchesOneByOne.increment();
        int[] position = {0};
        try {
            transaction.executeWithoutResult(status -> applyRange(records, records.size(), position));
        } catch (RuntimeException failure) {
            int failed = position[0];
            ConsumerRecord<String, byte[]> poison = records.get(Math.min(failed, records.size() - 1));
            log.warn("{}: cannot apply record at offset {} of partition {}: {}", projection.name(), poison.offset(),
                    poison.partition(), failure.toString());
            if (failed > 0) {
                transaction.executeWithoutResult(status -> applyRange(records, failed, new int[1]));
            }
            throw new BatchListenerFailedException(projection.name() + ": " + failure.getMessage(), failure, failed);
        }
    }

    private static final class Together extends RuntimeException {
        Together(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The whole batch in one transaction with few round trips: the streams' positions read (and locked)
     * at once, every event applied with the projection's writes kept and sent as JDBC batches, the
     * positions written at once. Throws, having changed nothing, when the batch must go record by record.
     */
    private void applyTogether(List<ConsumerRecord<String, byte[]>> records, Decoding decoding,
            BatchingJdbcTemplate batching) {
        // a record's stream as its headers name it, known before it is decoded
        List<String> streams = records.stream().map(ParkedEvents::streamOf).distinct().toList();
        Set<String> locked = new HashSet<>(streams);
        int[] counts = new int[2];
        List<Instant> recorded = new ArrayList<>(records.size());
        transaction.executeWithoutResult(status -> {
            if (!parked.blocked(streams).isEmpty()) {
                throw new Together("a stream of the batch has parked records");
            }
            Map<String, Long> last = new HashMap<>();
            jdbc.query("SELECT stream_id, last_sequence FROM stream_position WHERE stream_id = ANY (?) FOR UPDATE",
                    rs -> {
                        last.put(rs.getString(1), rs.getLong(2));
                    }, (Object) streams.toArray(String[]::new));
            Set<String> known = new HashSet<>(last.keySet());
            Map<String, String> lastEventId = new LinkedHashMap<>();
            batching.deferring(() -> {
                for (int chunk = 0; chunk < decoding.chunks.size(); chunk++) {
                    for (Decoded decoded : decoding.chunk(chunk)) {
                        LedgerEnvelope envelope = decoded.envelope();
                        if (!locked.contains(envelope.subject())) {
                            throw new Together("an event's subject is not its record's stream");
                        }
                        Long applied = last.get(envelope.subject());
                        if (applied != null && envelope.sequence() <= applied) {
                            counts[1]++;
                            continue;
                        }
                        applyWithContext(envelope, decoded.originalPayload());
                        last.put(envelope.subject(), envelope.sequence());
                        lastEventId.put(envelope.subject(), envelope.eventId());
                        recorded.add(envelope.recordedAt());
                        counts[0]++;
                    }
                    // this chunk's writes go now, while the next chunk is decoded
                    batching.send();
                }
                return null;
            }, copyInserts);
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> inserts = new ArrayList<>();
            lastEventId.forEach((stream, eventId) -> (known.contains(stream) ? updates : inserts)
                    .add(new Object[] {last.get(stream), eventId, stream}));
            if (!updates.isEmpty()) {
                jdbc.batchUpdate("UPDATE stream_position SET last_sequence = ?, last_event_id = ?, applied_at = now() "
                        + "WHERE stream_id = ?", updates);
            }
            if (!inserts.isEmpty()) {
                // a plain insert: another instance that claimed the same new stream meanwhile makes it fail
                jdbc.batchUpdate("INSERT INTO stream_position (last_sequence, last_event_id, stream_id, applied_at) "
                        + "VALUES (?, ?, ?, now())", inserts);
            }
            lastEventId.keySet().forEach(stream -> afterCommit(stream, last.get(stream)));
        });
        applied.increment(counts[0]);
        duplicates.increment(counts[1]);
        Instant now = Instant.now();
        recorded.forEach(at -> eventAge.record(Duration.between(at, now).abs()));
    }

    /** An event ready to apply: the storable envelope, and the payload as published when its text was replaced. */
    record Decoded(LedgerEnvelope envelope, byte[] originalPayload) {}

    private static final int CHUNK = 100;
    private static final int MOST_CHUNKS = 4;
    private static final AtomicInteger DECODER_THREADS = new AtomicInteger();
    /** Decoding threads, shared by every applier; idle ones end after a while. */
    private static final ExecutorService DECODERS = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "projection-decoder-" + DECODER_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A batch being decoded on another thread, in up to four chunks in the batch's order, each available as
     * soon as it is decoded. A record that cannot be decoded fails its chunk and every later one with its
     * reason; the applier then goes record by record and reports that record, as it always has.
     */
    public static final class Decoding {

        private final List<ConsumerRecord<String, byte[]>> records;
        private final List<CompletableFuture<List<Decoded>>> chunks = new ArrayList<>();

        Decoding(List<ConsumerRecord<String, byte[]>> records) {
            this.records = records;
            int count = Math.max(1, Math.min(MOST_CHUNKS, (records.size() + CHUNK - 1) / CHUNK));
            int size = (records.size() + count - 1) / count;
            List<List<ConsumerRecord<String, byte[]>>> parts = new ArrayList<>();
            for (int from = 0; from < records.size(); from += size) {
                parts.add(records.subList(from, Math.min(records.size(), from + size)));
                chunks.add(new CompletableFuture<>());
            }
            DECODERS.execute(() -> {
                for (int i = 0; i < parts.size(); i++) {
                    try {
                        List<Decoded> decoded = new ArrayList<>(parts.get(i).size());
                        for (ConsumerRecord<String, byte[]> record : parts.get(i)) {
                            LedgerEnvelope read = EventCodec.fromRecord(record);
                            LedgerEnvelope storable = StorableText.storable(read, record.value());
                            decoded.add(new Decoded(storable, storable == read ? null : record.value()));
                        }
                        chunks.get(i).complete(decoded);
                    } catch (RuntimeException | Error e) {
                        chunks.subList(i, chunks.size()).forEach(later -> later.completeExceptionally(e));
                        return;
                    }
                }
            });
        }

        /** The chunk's events, waiting for them if they are still being decoded. */
        List<Decoded> chunk(int index) {
            try {
                return chunks.get(index).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** Applies records [0, end); a record of a stream with parked records is parked behind them. */
    private void applyRange(List<ConsumerRecord<String, byte[]>> records, int end, int[] position) {
        Set<String> blocked = parked.blocked(records.subList(0, end).stream().map(ParkedEvents::streamOf)
                .distinct().toList());
        for (position[0] = 0; position[0] < end; position[0]++) {
            ConsumerRecord<String, byte[]> record = records.get(position[0]);
            String stream = ParkedEvents.streamOf(record);
            if (blocked.contains(stream)) {
                parked.park(record, "waits behind a parked record of stream " + stream, false);
                waiting.increment();
            } else {
                applyOne(record);
            }
        }
    }

    /** What a re-drive did: records applied, records still parked, and the streams that failed again. */
    public record Redrive(int redriven, int stillParked, List<Failure> failures) {}

    public record Failure(String streamId, String eventId, String reason) {}

    /**
     * Applies the parked records of the given stream (or of every blocked stream), each stream in the
     * order its records were read, one record per transaction. A record that fails again stays parked
     * with its reason, and the rest of its stream behind it.
     */
    public Redrive redrive(Optional<String> onlyStream) {
        List<String> streams = onlyStream.map(List::of).orElseGet(parked::blockedStreams);
        int applied = 0;
        List<Failure> failures = new ArrayList<>();
        for (String stream : streams) {
            while (true) {
                Optional<ConsumerRecord<String, byte[]>> done;
                try {
                    done = transaction.execute(status -> {
                        List<ConsumerRecord<String, byte[]>> waitingRecords = parked.lockStream(stream);
                        if (waitingRecords.isEmpty()) {
                            return Optional.<ConsumerRecord<String, byte[]>>empty();
                        }
                        ConsumerRecord<String, byte[]> first = waitingRecords.get(0);
                        applyOne(first);
                        parked.release(first);
                        return Optional.of(first);
                    });
                } catch (RuntimeException e) {
                    String reason = reason(e);
                    String[] eventId = {null};
                    transaction.executeWithoutResult(status -> parked.lockStream(stream).stream().findFirst()
                            .ifPresent(first -> {
                                parked.failedAgain(first, reason);
                                eventId[0] = ParkedEvents.eventIdOf(first);
                            }));
                    failures.add(new Failure(stream, eventId[0], reason));
                    log.warn("{}: re-drive of stream {} failed again: {}", projection.name(), stream, reason);
                    break;
                }
                if (done.isEmpty()) {
                    break;
                }
                applied++;
                redriven.increment();
            }
        }
        return new Redrive(applied, parked.all().size(), failures);
    }

    /** The reason a record failed, as recorded with it: why it cannot be read, else the innermost cause. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (!(root instanceof cn.ledger.contract.UnreadableEventException)
                && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private void applyOne(ConsumerRecord<String, byte[]> record) {
        LedgerEnvelope read = EventCodec.fromRecord(record);
        LedgerEnvelope envelope = StorableText.storable(read, record.value());
        int claimed = jdbc.update(CLAIM, envelope.subject(), envelope.sequence(), envelope.eventId());
        if (claimed == 0) {
            duplicates.increment();
            return;
        }
        applyWithContext(envelope, envelope == read ? null : record.value());
        afterCommit(envelope.subject(), envelope.sequence());
        applied.increment();
        eventAge.record(Duration.between(envelope.recordedAt(), Instant.now()).abs());
    }

    /** Applies one event with its correlation id in the logging context (the caller's own put back after). */
    private void applyWithContext(LedgerEnvelope envelope, byte[] originalPayload) {
        String outer = MDC.get(MDC_CORRELATION_ID);
        if (envelope.correlationId() != null) {
            MDC.put(MDC_CORRELATION_ID, envelope.correlationId());
        } else {
            MDC.remove(MDC_CORRELATION_ID);
        }
        try {
            projection.apply(envelope, originalPayload);
        } finally {
            if (outer != null) {
                MDC.put(MDC_CORRELATION_ID, outer);
            } else {
                MDC.remove(MDC_CORRELATION_ID);
            }
        }
    }

    /**
     * Remembers that the current transaction applied the stream up to the sequence; told to
     * {@link AppliedPositions} once (and only if) it commits.
     */
    private void afterCommit(String stream, long sequence) {
        AppliedPositions told = positions;
        if (told == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            told.committed(Map.of(stream, sequence));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> pending = (Map<String, Long>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Map<String, Long> batch = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, batch);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ProjectionApplier.this);
                    if (status == STATUS_COMMITTED) {
                        told.committed(batch);
                    }
                }
            });
            pending = batch;
        }
        pending.merge(stream, sequence, Math::max);
    }
}
