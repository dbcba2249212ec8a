package cn.ledger.command.config;

import cn.ledger.command.evolution.NegativeEntryRecordedUpcaster;
import cn.ledger.command.evolution.SameMeasureAsUpcaster;
import cn.ledger.command.evolution.StoredRevisions;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL through plain JDBC. Without JPA, Axon's auto-configuration on this Spring Boot
 * version silently falls back to in-memory storage; every storage bean is therefore declared here,
 * and {@code AxonStorageIT} fails if any of them is not the PostgreSQL one.
 */
@Configuration(proxyBeanMethods = false)
public class AxonStorageConfig {

    /** Metadata key of the authenticated principal that caused a message. */
    public static final String RECORDED_BY = "recordedBy";
    /** Metadata key of the request that caused a message. */
    public static final String CORRELATION_ID = "correlationId";

    /** Axon's tables with the snake_case names of the Flyway migration {@code V1__axon_event_store.sql}. */
    static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    static final TokenSchema TOKEN_SCHEMA = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /**
     * Connections as Spring's transactions bind them; Axon's unit-of-work wrapper commits or rolls back the
     * connection itself when a unit of work ends, which inside a group ({@link GroupCommitBus}) would end the group's
     * transaction with one member: a thread running a group takes Spring's connection directly.
     */
    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        ConnectionProvider spring = new SpringDataSourceConnectionProvider(dataSource);
        ConnectionProvider unitOfWorkAware = new UnitOfWorkAwareConnectionProviderWrapper(spring);
        return () -> GroupTransactions.leading() ? spring.getConnection() : unitOfWorkAware.getConnection();
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new GroupTransactions(transactionManager);
    }

    @Bean
    @Primary
    public Serializer serializer() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return JacksonSerializer.builder().objectMapper(mapper).revisionResolver(new StoredRevisions()).build();
    }

    /** Converts stored payloads of earlier revisions to the current shape as they are read. */
    static EventUpcasterChain upcasters() {
        return new EventUpcasterChain(new NegativeEntryRecordedUpcaster(), new SameMeasureAsUpcaster());
    }

    /** Snapshots are aggregates' private state: written field by field. */
    static Serializer snapshotSerializer() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /**
     * Snapshots are taken on a thread of their own, after the command that crossed the threshold has
     * been answered: the snapshot of a cadre with a long history is large, and serialising it in the
     * request made every hundredth command on such a cadre the slowest.
     */
    @Bean
    public static BeanPostProcessor snapshotsInTheBackground() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SpringAggregateSnapshotterFactoryBean snapshotter) {
                    snapshotter.setExecutor(Executors.newSingleThreadExecutor(r -> {
                        Thread thread = new Thread(r, "aggregate-snapshotter");
                        thread.setDaemon(true);
                        return thread;
                    }));
                }
                return bean;
            }
        };
    }

    /** A snapshot every so many events, so that long-lived cadres load as fast as new ones. */
    @Bean
    public SnapshotTriggerDefinition ledgerSnapshotTrigger(Snapshotter snapshotter, LedgerProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.eventStore().snapshotThreshold());
    }

    /**
     * Commands that lose an optimistic race on a stream are re-validated and retried, never dropped; a
     * refusal is checked once against the stream as stored ({@link CommandRetries}). With
     * {@code ledger.command.group-commit.enabled}, concurrent commands on different streams share one transaction
     * and one commit ({@link GroupCommitBus}).
     */
    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, LedgerProperties properties,
            PlatformTransactionManager transactionManager, List<Cache> aggregateCaches, MeterRegistry meters) {
        LedgerProperties.GroupCommit grouping = properties.command().groupCommit();
        org.slf4j.LoggerFactory.getLogger(GroupCommitBus.class).info(grouping.enabled()
                ? "group commit on: up to {} commands a commit, waiting at most {} for others, {} groups at once"
                : "group commit off (ledger.command.group-commit.enabled)", grouping.maxBatch(), grouping.maxWait(),
                grouping.maxGroups());
        CommandBus bus = grouping.enabled()
                ? new GroupCommitBus(commandBus, transactionManager, aggregateCaches, grouping.maxWait(),
                        grouping.maxBatch(), grouping.maxGroups(), meters)
                : commandBus;
        return retryingGateway(bus);
    }

    /** The gateway on {@code bus}, with the ledger's retries. */
    static CommandGateway retryingGateway(CommandBus bus) {
        return DefaultCommandGateway.builder()
                .commandBus(bus)
                .retryScheduler(new CommandRetries(Executors.newSingleThreadScheduledExecutor()))
                .build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateKeyResolver();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
            TransactionManager transactionManager, Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver, LedgerProperties properties) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(snapshotSerializer())
                .upcasterChain(upcasters())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .dataType(byte[].class)
                .schema(EVENT_SCHEMA)
                .batchSize(properties.eventStore().readBatchSize())
                .gapTimeout((int) properties.eventStore().gapTimeout().toMillis())
                .maxGapOffset(properties.eventStore().maxGapOffset())
                .gapCleaningThreshold(properties.eventStore().gapCleaningThreshold())
                .readEventDataWithoutGaps(CommitOrderReads::withoutGaps)
                .readEventDataWithGaps(CommitOrderReads::withGaps)
                .build();
    }

    /**
     * The event store the streaming processors (publisher, Merkle log) read from. When a read finds
     * nothing new, the reader waits {@code ledger.event-store.fetch-delay} (Axon's default is a whole
     * second) before it looks again: an event committed while another transaction still runs is
     * readable only once that one ends (commit order), so the wake-up of the append itself often finds
     * nothing yet, and this delay is then what the event waits before it is published.
     *
     * <p>Each processor reads the store itself, woken by this service's appends ({@link WakingEventStore};
     * {@code ledger.event-store.shared-reader=true} brings back Axon's shared reader, which can hold a
     * backlog's events in memory: AxonFramework issue 2954).
     */
    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, LedgerProperties properties) {
        EmbeddedEventStore.Builder builder = EmbeddedEventStore.builder().storageEngine(storageEngine)
                .fetchDelay(properties.eventStore().fetchDelay().toMillis());
        return properties.eventStore().sharedReader() ? builder.build()
                : new WakingEventStore(builder, properties.eventStore().fetchDelay());
    }

    /**
     * Aggregates kept between commands, so that a command on a cadre with a long history does not read
     * and replay its snapshot and tail again: the {@code ledger.event-store.cached-aggregates} most
     * recently used of each type. An entry is dropped when its unit of work rolls back (a lost race with
     * another instance, say), so the retry loads the stream as stored. One cache per aggregate type: a
     * unit and a cadre may share an id.
     */
    @Bean
    public Cache cadreCache(LedgerProperties properties) {
        return new AggregateCache(properties.eventStore().cachedAggregates());
    }

    @Bean
    public Cache unitCache(LedgerProperties properties) {
        return new AggregateCache(properties.eventStore().cachedAggregates());
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TOKEN_SCHEMA)
                .claimTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Carries who and which request from a command to the events it causes. (Axon's own
     * {@code MessageOriginProvider} would overwrite {@code correlationId} with the command's message id.)
     */
    @Bean
    public CorrelationDataProvider requestCorrelationProvider() {
        return new SimpleCorrelationDataProvider(RECORDED_BY, CORRELATION_ID);
    }
}
