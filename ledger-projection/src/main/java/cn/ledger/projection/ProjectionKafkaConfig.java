package cn.ledger.projection;

import cn.ledger.contract.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import cn.ledger.projection.rebuild.ProjectionRebuildConfig;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.FixedBackOff;
import org.apache.kafka.common.TopicPartition;

/**
 * Wires a service's {@link Projection} to {@code ledger.events}: a batch listener in the service's
 * consumer group, offsets committed after each applied batch, and a dead-letter topic for records
 * that still fail after a few retries.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProjectionRebuildConfig.class, ReadYourWritesConfig.class, ReadYourWritesOpenApi.class})
public class ProjectionKafkaConfig {

    /** The id of the listener container that keeps the read model following {@code ledger.events}. */
    public static final String LIVE_LISTENER = "ledger-events";

    /** Each consumer group has a dead-letter topic of its own: {@code ledger.events.<group>.DLT}. */
    public static String deadLetterTopic(String group) {
        return Topics.LEDGER_EVENTS + "." + group + ".DLT";
    }

    /**
     * The service's JdbcTemplate (it replaces Spring Boot's): the one the projection writes with, which
     * the applier lets keep a batch's writes and send them together.
     */
    @Bean
    public BatchingJdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new BatchingJdbcTemplate(dataSource);
    }

    @Bean
    public ProjectionApplier projectionApplier(Projection projection, JdbcTemplate jdbc,
            TransactionTemplate transaction, MeterRegistry meters) {
        return new ProjectionApplier(projection, jdbc, transaction, meters);
    }

    /** The service's migrations, then those of the tables this module writes ({@link ProjectionSchema}). */
    @Bean
    public org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy projectionMigrations() {
        return ProjectionSchema.strategy();
    }

    /** Stream positions and parked records, as every answer and the health report read them. */
    @Bean
    public StreamStates streamStates(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout(5); // health and the metrics' scrape answer even when the database is slow
        return new StreamStates(jdbc);
    }

    @Bean
    public ProjectionHealthIndicator parkedEventsHealthIndicator(StreamStates states) {
        return new ProjectionHealthIndicator(states);
    }

    /**
     * {@code ledger_projection_parked_streams} and {@code ledger_projection_parked_records}: streams with
     * parked records, and how many records wait (read at each scrape).
     */
    @Bean
    public ParkedGauges parkedGauges(StreamStates states, Projection projection, MeterRegistry meters) {
        return new ParkedGauges(states, projection.name(), meters);
    }

    @Bean
    public ConsumerLag projectionConsumerLag(KafkaAdmin kafkaAdmin, Projection projection, MeterRegistry meters,
            @Value("${spring.kafka.consumer.group-id}") String group) {
        return new ConsumerLag(kafkaAdmin, group, projection.name(), meters);
    }

    /** {@code kafkaListener} in the service's health: the consumer of {@code ledger.events} runs and reaches the broker. */
    @Bean
    public ListenerHealth kafkaListenerHealthIndicator(KafkaListenerEndpointRegistry registry, ConsumerLag lag) {
        return new ListenerHealth(registry, LIVE_LISTENER, lag);
    }

    /**
     * The service's own dead-letter topic (one partition for each of {@code ledger.events}, since a record
     * goes to the partition of its number). {@code ledger.events} itself is ledger-command's: a consumer
     * never declares, creates or changes it.
     */
    @Bean
    public NewTopic ledgerEventsDeadLetterTopic(@Value("${ledger.kafka.partitions:8}") int partitions,
            @Value("${ledger.kafka.replication-factor:1}") short replicationFactor,
            @Value("${ledger.kafka.min-insync-replicas:1}") int minInsyncReplicas,
            @Value("${spring.kafka.consumer.group-id}") String group) {
        return TopicBuilder.name(deadLetterTopic(group)).partitions(partitions).replicas(replicationFactor)
                .configs(Topics.ledgerEventsConfig(minInsyncReplicas)).build();
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ConcurrentKafkaListenerContainerFactory<String, byte[]> ledgerEventsListenerFactory(
            ConsumerFactory<?, ?> consumerFactory, KafkaTemplate<?, ?> template, Projection projection,
            ProjectionApplier applier, MeterRegistry meters,
            @Value("${ledger.projection.concurrency:1}") int concurrency,
            @Value("${spring.kafka.consumer.group-id}") String group) {
        String deadLetterTopic = deadLetterTopic(group);
        Counter deadLetters = Counter.builder("ledger.projection.dead.letters").tag("projection", projection.name())
                .description("Records sent to " + deadLetterTopic + " and parked").register(meters);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaTemplate) template,
                (record, exception) -> new TopicPartition(deadLetterTopic, record.partition()));
        // A record that fails every retry goes to the dead-letter topic with the reason in its headers, and is
        // parked, with the later records of its stream, until it is re-driven; the projection carries on.
        DefaultErrorHandler errorHandler = new DefaultErrorHandler((record, exception) -> {
            recoverer.accept(record, exception);
            applier.parked().park((ConsumerRecord<String, byte[]>) record, ProjectionApplier.reason(exception), true);
            deadLetters.increment();
        }, new FixedBackOff(1000L, 3L));

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory((ConsumerFactory<String, byte[]>) consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(concurrency);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    @Bean
    public ParkedEventsController parkedEventsController(ProjectionApplier applier) {
        return new ParkedEventsController(applier);
    }

    @Bean
    public LedgerEventsListener ledgerEventsListener(ProjectionApplier applier) {
        return new LedgerEventsListener(applier);
    }

    /** The consumer of {@code ledger.events}; its group is the service's {@code spring.kafka.consumer.group-id}. */
    public static class LedgerEventsListener {

        private final ProjectionApplier applier;

        LedgerEventsListener(ProjectionApplier applier) {
            this.applier = applier;
        }

        @KafkaListener(id = LIVE_LISTENER, idIsGroup = false, topics = Topics.LEDGER_EVENTS,
                containerFactory = "ledgerEventsListenerFactory")
        public void onBatch(List<ConsumerRecord<String, byte[]>> records) {
            applier.applyBatch(records);
        }
    }
}
