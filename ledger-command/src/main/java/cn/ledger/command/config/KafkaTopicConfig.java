package cn.ledger.command.config;

import cn.ledger.contract.TopicDeclaration;
import cn.ledger.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * ledger-command owns {@code ledger.events}: it alone creates the topic (the consumers never declare
 * it). An existing topic is checked, never changed: another partition count than
 * {@code ledger.kafka.partitions} refuses the start with both counts named; a different replication
 * factor or {@code min.insync.replicas} is logged (changing those is the operator's, with Kafka's tools).
 */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopicConfig.class);

    static final String PARTITIONS_SETTING = "ledger.kafka.partitions (LEDGER_KAFKA_PARTITIONS)";

    /** The topic as configured. */
    public static NewTopic ledgerEvents(LedgerProperties.Kafka kafka) {
        return new NewTopic(Topics.LEDGER_EVENTS, kafka.partitions(), kafka.replicationFactor())
                .configs(Topics.ledgerEventsConfig(kafka.minInsyncReplicas()));
    }

    /** Declared while the context starts, before the publisher runs; a mismatch stops the start. */
    @Bean
    public LedgerEventsTopic ledgerEventsTopic(LedgerProperties properties, KafkaAdmin kafkaAdmin) {
        return declare(properties.kafka(), kafkaAdmin);
    }

    /** Creates {@code ledger.events} as configured, or checks the existing one (see the class comment). */
    public static LedgerEventsTopic declare(LedgerProperties.Kafka kafka, KafkaAdmin kafkaAdmin) {
        NewTopic wanted = ledgerEvents(kafka);
        long timeout = kafkaAdmin.getOperationTimeout() * 1000L;
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            TopicDeclaration.Outcome outcome = TopicDeclaration.declare(admin, wanted, PARTITIONS_SETTING, timeout);
            if (outcome == TopicDeclaration.Outcome.CREATED) {
                log.info("created {} with {} partitions, replication factor {}, min.insync.replicas {}",
                        wanted.name(), wanted.numPartitions(), wanted.replicationFactor(),
                        kafka.minInsyncReplicas());
            } else {
                TopicDeclaration.Differences differences = TopicDeclaration.differences(admin, wanted, timeout);
                differences.replicationFactor().ifPresent(actual -> log.warn(
                        "{} has replication factor {}, configured {} (LEDGER_KAFKA_REPLICATION_FACTOR): not changed",
                        wanted.name(), actual, wanted.replicationFactor()));
                differences.minInsyncReplicas().ifPresent(actual -> log.warn(
                        "{} has min.insync.replicas {}, configured {} (LEDGER_KAFKA_MIN_INSYNC_REPLICAS): not changed",
                        wanted.name(), actual, kafka.minInsyncReplicas()));
            }
            return new LedgerEventsTopic(wanted.name(), wanted.numPartitions(), outcome);
        }
    }

    /** {@code kafka} in the health report and the readiness group. */
    @Bean
    public cn.ledger.command.publish.KafkaHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new cn.ledger.command.publish.KafkaHealth(kafkaAdmin);
    }

    /** {@code ledger.events} as found or created at start. */
    public record LedgerEventsTopic(String name, int partitions, TopicDeclaration.Outcome outcome) {}
}
