package cn.ledger.projection.rebuild;

import cn.ledger.contract.Topics;
import cn.ledger.projection.Projection;
import cn.ledger.projection.ProjectionApplier;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a service's projection from the start of {@code ledger.events} into a fresh schema while
 * the live one keeps serving and keeps consuming, then switches over.
 *
 * <p>The rebuild migrates a new schema ({@code <live>_rebuild_<id>}) with the service's own Flyway
 * migrations and reads every partition from the beginning under a consumer group of its own,
 * applying events with the same {@link Projection} and {@link ProjectionApplier} as the live consumer
 * (its thread's connections point at the new schema, see {@link RebuildAwareDataSource}). Once it has
 * caught up with the topic's end it keeps up with new events until it is switched over — at once when
 * started with {@code autoSwitch}, or on request. The switch stops the live consumer, lets the rebuild
 * read to the topic's end, carries over what {@link RebuildSwitchHook}s name, renames the live schema to
 * {@code <live>_retired_<id>} and the new one to the live name in one transaction, moves the live
 * consumer group to the rebuild's offsets and starts the live consumer again. Queries are answered
 * throughout: from the old tables until the switch commits, from the new ones after it.
 *
 * <p>The load is the fast part of a rebuild: the new schema's secondary indexes are dropped before it and
 * built once it has caught up ({@link SecondaryIndexes}; primary keys and unique constraints stay), plain
 * inserts go in with {@code COPY} ({@link ProjectionApplier#copyingInserts}), and each polled batch is
 * decoded on another thread while the batch before it is written.
 *
 * <p>Nothing is sent anywhere while rebuilding: projections only write their own tables, and a
 * service's side effects (its schedulers) run on the live schema, held at the {@link SwitchGate}
 * during the switch.
 */
public class ProjectionRebuilder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final String LIVE_LISTENER = "ledger-events";
    private static final int POISON_ATTEMPTS = 3;

    public enum State { MIGRATING, CATCHING_UP, CAUGHT_UP, SWITCHING, SWITCHED, CANCELLED, FAILED }

    /** What an operator sees of a rebuild. */
    public record Status(String id, String projection, String schema, String liveSchema, String retiredSchema,
            String consumerGroup, State state, boolean autoSwitch, String startedBy, Instant startedAt,
            Instant caughtUpAt, Instant finishedAt, long eventsRead, long poisonSkipped, long lag,
            double eventsPerSecond, String error) {}

    private final RebuildAwareDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Projection projection;
    private final ConsumerFactory<String, byte[]> consumers;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final MeterRegistry meters;
    private final SwitchGate gate;
    private final List<RebuildSwitchHook> hooks;
    private final String liveGroup;
    private final String[] migrations;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private volatile Run current;

    public ProjectionRebuilder(RebuildAwareDataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transaction,
            Projection projection, ConsumerFactory<String, byte[]> consumers, KafkaListenerEndpointRegistry listeners,
            KafkaAdmin kafkaAdmin, MeterRegistry meters, SwitchGate gate, List<RebuildSwitchHook> hooks,
            String liveGroup, String[] migrations) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.projection = projection;
        this.consumers = consumers;
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.meters = meters;
        this.gate = gate;
        this.hooks = hooks;
        this.liveGroup = liveGroup;
        this.migrations = migrations;
        Gauge.builder("ledger.projection.rebuild.lag", this, r -> r.current == null ? 0 : r.current.lag)
                .tag("projection", projection.name())
                .description("Records of ledger.events the running rebuild has still to read").register(meters);
        Gauge.builder("ledger.projection.rebuild.events", this, r -> r.current == null ? 0 : r.current.read)
                .tag("projection", projection.name())
                .description("Records of ledger.events the running rebuild has read").register(meters);
    }

    /** Starts a rebuild; refused while another one runs. */
    public synchronized Status start(boolean autoSwitch, String startedBy) {
        if (current != null && current.active()) {
            throw new RebuildConflict("rebuild " + current.id + " is still " + current.state);
        }
        Instant now = Instant.now();
        String id = ID.format(now);
        while (runs.containsKey(id)) {
            id = ID.format(now = now.plusSeconds(1));
        }
        Run run = new Run(id, liveSchema(), autoSwitch, startedBy, now);
        runs.put(id, run);
        current = run;
        Thread thread = new Thread(run::execute, "projection-rebuild-" + id);
        thread.setDaemon(true);
        thread.start();
        return run.status();
    }

    public synchronized List<Status> all() {
        return runs.values().stream().map(Run::status).toList();
    }

    public synchronized Optional<Status> status(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::status);
    }

    /** Asks a rebuild to switch over as soon as it has caught up. */
    public synchronized Status requestSwitch(String id) {
        Run run = find(id);
        if (!run.active()) {
            throw new RebuildConflict("rebuild " + id + " is " + run.state);
        }
        run.switchRequested = true;
        return run.status();
    }

    /** Stops a rebuild that has not switched and drops its schema. */
    public synchronized Status cancel(String id) {
        Run run = find(id);
        if (!run.active() || run.state == State.SWITCHING) {
            throw new RebuildConflict("rebuild " + id + " is " + run.state);
        }
        run.cancelRequested = true;
        return run.status();
    }

    private Run find(String id) {
        Run run = runs.get(id);
        if (run == null) {
            throw new UnknownRebuild(id);
        }
        return run;
    }

    @Override
    public void close() {
        Run run = current;
        if (run != null && run.active()) {
            run.cancelRequested = true;
        }
    }

    private String liveSchema() {
        try {
            String schema = dataSource.unwrap(HikariDataSource.class).getSchema();
            if (schema == null || !SAFE_NAME.matcher(schema).matches()) {
                throw new IllegalStateException("the service's connection schema must be a plain name, not " + schema);
            }
            return schema;
        } catch (SQLException e) {
            throw new IllegalStateException("the service's data source is not a Hikari pool", e);
        }
    }

    /** One rebuild, driven by its own thread. */
    private final class Run {

        final String id;
        final String liveSchema;
        final String schema;
        final String retiredSchema;
        final String group;
        final boolean autoSwitch;
        final String startedBy;
        final Instant startedAt;
        volatile State state = State.MIGRATING;
        volatile Instant readingSince;
        volatile long readAtCatchUp;
        volatile boolean switchRequested;
        volatile boolean cancelRequested;
        volatile Instant caughtUpAt;
        volatile Instant finishedAt;
        volatile long read;
        volatile long poisonSkipped;
        volatile long lag = -1;
        volatile String error;
        volatile boolean retired;
        /** The batch polled and being decoded, applied at the next read (rebuild thread only). */
        Pending pending;
        /** The secondary indexes dropped for the load, built once it has caught up. */
        List<String> deferredIndexes = List.of();

        Run(String id, String liveSchema, boolean autoSwitch, String startedBy, Instant startedAt) {
            this.id = id;
            this.liveSchema = liveSchema;
            this.schema = liveSchema + "_rebuild_" + id;
            this.retiredSchema = liveSchema + "_retired_" + id;
            this.group = liveGroup + "-rebuild-" + id;
            this.autoSwitch = autoSwitch;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
        }

        boolean active() {
            return state == State.MIGRATING || state == State.CATCHING_UP || state == State.CAUGHT_UP
                    || state == State.SWITCHING;
        }

        Status status() {
            // The catch-up rate: records read from the start of the topic to its end, per second of reading.
            Instant end = caughtUpAt != null ? caughtUpAt : finishedAt != null ? finishedAt : Instant.now();
            Instant from = readingSince != null ? readingSince : startedAt;
            double seconds = Math.max(0.001, Duration.between(from, end).toMillis() / 1000.0);
            return new Status(id, projection.name(), schema, liveSchema, retired ? retiredSchema : null, group, state,
                    autoSwitch, startedBy, startedAt, caughtUpAt, finishedAt, read, poisonSkipped, lag,
                    Math.round((caughtUpAt != null ? readAtCatchUp : read) / seconds * 10) / 10.0, error);
        }

        void execute() {
            HikariDataSource pool = null;
            Consumer<String, byte[]> consumer = null;
            try {
                HikariDataSource live = dataSource.unwrap(HikariDataSource.class);
                pool = new HikariDataSource();
                pool.setPoolName("rebuild-" + id);
                pool.setJdbcUrl(live.getJdbcUrl());
                pool.setUsername(live.getUsername());
                pool.setPassword(live.getPassword());
                pool.setSchema(schema);
                pool.setMaximumPoolSize(2);
                Flyway.configure().dataSource(pool).schemas(schema).defaultSchema(schema).locations(migrations)
                        .load().migrate();
                cn.ledger.projection.ProjectionSchema.migrate(pool, schema);
                deferredIndexes = SecondaryIndexes.dropForLoad(new JdbcTemplate(pool), schema);
                log.info("rebuild {} of {}: schema {} migrated, reading {} from the start", id, projection.name(),
                        schema, Topics.LEDGER_EVENTS);

                ProjectionApplier applier = new ProjectionApplier(projection, jdbc, transaction, meters,
                        projection.name() + "-rebuild").copyingInserts(true);
                Properties overrides = new Properties();
                overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
                overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
                consumer = consumers.createConsumer(group, "rebuild-" + id, null, overrides);
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_EVENTS).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                readingSince = Instant.now();
                state = State.CATCHING_UP;

                while (true) {
                    if (cancelRequested) {
                        return;
                    }
                    readOnce(consumer, applier, pool);
                    lag = lag(consumer, partitions, null);
                    if (lag == 0 && state == State.CATCHING_UP) {
                        SecondaryIndexes.build(new JdbcTemplate(pool), deferredIndexes);
                        log.info("rebuild {} of {}: {} secondary indexes built after the load", id,
                                projection.name(), deferredIndexes.size());
                        readAtCatchUp = read;
                        state = State.CAUGHT_UP;
                        caughtUpAt = Instant.now();
                        log.info("rebuild {} of {}: caught up after {} records", id, projection.name(), read);
                    }
                    if (state == State.CAUGHT_UP && (autoSwitch || switchRequested)) {
                        switchOver(consumer, applier, pool, partitions);
                        return;
                    }
                }
            } catch (Exception | Error e) {
                log.error("rebuild {} of {} failed", id, projection.name(), e);
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                state = State.FAILED;
                finishedAt = Instant.now();
            } finally {
                if (consumer != null) {
                    consumer.close(Duration.ofSeconds(5));
                }
                if (pool != null) {
                    pool.close();
                }
                if (cancelRequested && state != State.SWITCHED) {
                    dropSchema();
                }
            }
        }

        /**
         * Polls the next batch and starts decoding it, then applies the batch polled before (whose decoding
         * overlapped the previous writes) and commits its offsets; the new one waits for the next call. A poll
         * that finds nothing applies what waits, so nothing does once the topic's end is reached.
         */
        private void readOnce(Consumer<String, byte[]> consumer, ProjectionApplier applier, HikariDataSource pool) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            Pending next = null;
            if (!records.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> of = records.records(partition);
                    offsets.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
                }
                next = new Pending(batch, applier.decode(batch), offsets);
            }
            applyPending(consumer, applier, pool);
            pending = next;
        }

        /** Applies the batch that waits, if any, and commits its offsets. */
        private void applyPending(Consumer<String, byte[]> consumer, ProjectionApplier applier, HikariDataSource pool) {
            Pending waiting = pending;
            if (waiting == null) {
                return;
            }
            apply(waiting.records(), waiting.decoding(), applier, pool);
            consumer.commitSync(waiting.offsets());
            read += waiting.records().size();
            pending = null;
        }

        /**
         * Applies a batch as the live consumer would; a record that fails three times is parked in the
         * rebuilt tables (with the rest of its stream behind it), as the live consumer parks it.
         */
        private void apply(List<ConsumerRecord<String, byte[]>> batch, ProjectionApplier.Decoding decoding,
                ProjectionApplier applier, HikariDataSource pool) {
            List<ConsumerRecord<String, byte[]>> remaining = batch;
            int attempts = 0;
            while (!remaining.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> now = remaining;
                try {
                    // the decoding is of the whole batch: a retry of its rest decodes again
                    RebuildAwareDataSource.redirected(pool, () -> applier.applyBatch(now, decoding));
                    return;
                } catch (BatchListenerFailedException failure) {
                    remaining = now.subList(Math.max(0, failure.getIndex()), now.size());
                    if (++attempts >= POISON_ATTEMPTS) {
                        ConsumerRecord<String, byte[]> poison = remaining.get(0);
                        log.warn("rebuild {} of {}: parking offset {} of partition {} after {} attempts: {}", id,
                                projection.name(), poison.offset(), poison.partition(), attempts, failure.getMessage());
                        RebuildAwareDataSource.redirected(pool, () -> applier.parked().park(poison,
                                ProjectionApplier.reason(failure), true));
                        poisonSkipped++;
                        remaining = remaining.subList(1, remaining.size());
                        attempts = 0;
                    } else {
                        sleep(500);
                    }
                }
            }
        }

        private long lag(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions,
                Map<TopicPartition, Long> ends) {
            Map<TopicPartition, Long> end = ends != null ? ends : consumer.endOffsets(partitions);
            Pending waiting = pending;
            long total = waiting == null ? 0 : waiting.records().size();
            for (TopicPartition partition : partitions) {
                total += Math.max(0, end.get(partition) - consumer.position(partition));
            }
            return total;
        }

        private void switchOver(Consumer<String, byte[]> consumer, ProjectionApplier applier, HikariDataSource pool,
                List<TopicPartition> partitions) {
            state = State.SWITCHING;
            log.info("rebuild {} of {}: switching over", id, projection.name());
            MessageListenerContainer live = listeners.getListenerContainer(LIVE_LISTENER);
            if (live != null) {
                live.stop();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (live.isRunning() && System.nanoTime() < deadline) {
                    sleep(50);
                }
            }
            try {
                // The live consumer has stopped: whatever it applied, the rebuild now reads at least as far.
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (lag(consumer, partitions, end) > 0) {
                    readOnce(consumer, applier, pool);
                }
                applyPending(consumer, applier, pool);
                lag = 0;
                Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
                partitions.forEach(p -> positions.put(p, new OffsetAndMetadata(consumer.position(p))));
                JdbcTemplate rebuilt = new JdbcTemplate(pool);
                gate.exclusively(() -> {
                    hooks.forEach(hook -> hook.beforeSwitch(jdbc, rebuilt));
                    transaction.executeWithoutResult(status -> {
                        jdbc.execute("ALTER SCHEMA " + liveSchema + " RENAME TO " + retiredSchema);
                        jdbc.execute("ALTER SCHEMA " + schema + " RENAME TO " + liveSchema);
                    });
                    retired = true;
                    try {
                        // Pooled connections may hold plans of the retired tables: replace them.
                        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                moveLiveGroup(positions);
                state = State.SWITCHED;
                finishedAt = Instant.now();
                log.info("rebuild {} of {}: switched; the live tables are the rebuilt ones, the old ones are in {}",
                        id, projection.name(), retiredSchema);
            } finally {
                if (live != null) {
                    live.start();
                }
            }
        }

        /** Moves the live group to where the rebuild stopped; if this fails it re-reads, and skips what is applied. */
        private void moveLiveGroup(Map<TopicPartition, OffsetAndMetadata> positions) {
            try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
                admin.alterConsumerGroupOffsets(liveGroup, positions).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("rebuild {}: could not move consumer group {} ({}); it resumes from its own offsets and "
                        + "skips the events the rebuilt tables hold", id, liveGroup, e.toString());
            }
        }

        private void dropSchema() {
            try {
                jdbc.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                state = State.CANCELLED;
                log.info("rebuild {} of {}: cancelled, schema {} dropped", id, projection.name(), schema);
            } catch (RuntimeException e) {
                state = State.FAILED;
                error = "cancelled, but schema " + schema + " could not be dropped: " + e.getMessage();
            }
            finishedAt = Instant.now();
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** A polled batch, its decoding under way, and the offsets to commit once it is applied. */
    private record Pending(List<ConsumerRecord<String, byte[]>> records, ProjectionApplier.Decoding decoding,
            Map<TopicPartition, OffsetAndMetadata> offsets) {}

    /** A rebuild that cannot be started, switched or cancelled in its present state. */
    public static class RebuildConflict extends RuntimeException {
        public RebuildConflict(String message) {
            super(message);
        }
    }

    public static class UnknownRebuild extends RuntimeException {
        public UnknownRebuild(String id) {
            super("no rebuild " + id);
        }
    }
}
