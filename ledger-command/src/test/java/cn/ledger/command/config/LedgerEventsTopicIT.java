package cn.ledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.command.LedgerCommandApplication;
import cn.ledger.contract.TopicDeclaration;
import cn.ledger.contract.Topics;
import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * ledger-command creates {@code ledger.events} and never changes an existing one: each test has a
 * broker of its own (the embedded KRaft broker), so the topic is there or not as the test says.
 */
class LedgerEventsTopicIT {

    KafkaServer broker;
    Admin admin;

    @BeforeEach
    void start() {
        broker = KafkaServer.start(0);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void startUpAgainstATopicWithAnotherPartitionCountFailsNamingBothCounts() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.LEDGER_EVENTS, 3, (short) 1))).all().get();

        assertThatThrownBy(() -> new SpringApplicationBuilder(LedgerCommandApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--ledger.security.mode=local",
                "--ledger.kafka.partitions=8"))
                .rootCause()
                .isInstanceOf(TopicDeclaration.MismatchException.class)
                .hasMessageContaining("ledger.events has 3 partitions")
                .hasMessageContaining("ledger.kafka.partitions (LEDGER_KAFKA_PARTITIONS) is 8")
                .hasMessageContaining("set ledger.kafka.partitions (LEDGER_KAFKA_PARTITIONS) to 3");

        assertThat(partitions()).as("the topic is left as it was").isEqualTo(3);
    }

    @Test
    void createsTheTopicAsConfiguredAndNeverChangesItsPartitions() throws Exception {
        KafkaAdmin kafkaAdmin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));

        var created = KafkaTopicConfig.declare(kafka(4, 1, 1), kafkaAdmin);
        assertThat(created.outcome()).isEqualTo(TopicDeclaration.Outcome.CREATED);
        assertThat(partitions()).isEqualTo(4);
        Config config = topicConfig();
        assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");

        assertThat(KafkaTopicConfig.declare(kafka(4, 1, 1), kafkaAdmin).outcome())
                .isEqualTo(TopicDeclaration.Outcome.EXISTS);
        // more partitions configured: Spring's KafkaAdmin would have raised the count; here the start stops
        assertThatThrownBy(() -> KafkaTopicConfig.declare(kafka(6, 1, 1), kafkaAdmin))
                .isInstanceOf(TopicDeclaration.MismatchException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("is 6");
        assertThatThrownBy(() -> KafkaTopicConfig.declare(kafka(2, 1, 1), kafkaAdmin))
                .isInstanceOf(TopicDeclaration.MismatchException.class)
                .hasMessageContaining("has 4 partitions").hasMessageContaining("is 2");
        assertThat(partitions()).isEqualTo(4);
        // a different replication or min.insync.replicas on an existing topic is reported, not applied
        assertThat(KafkaTopicConfig.declare(kafka(4, 1, 2), kafkaAdmin).outcome())
                .isEqualTo(TopicDeclaration.Outcome.EXISTS);
        assertThat(topicConfig().get("min.insync.replicas").value()).isEqualTo("1");
    }

    @Test
    void aReplicationFactorTheClusterCannotHoldIsAStartUpError() {
        KafkaAdmin kafkaAdmin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        assertThatThrownBy(() -> KafkaTopicConfig.declare(kafka(8, 3, 2), kafkaAdmin))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot create ledger.events")
                .hasMessageContaining("replication factor");
    }

    static LedgerProperties.Kafka kafka(int partitions, int replicationFactor, int minInsyncReplicas) {
        return new LedgerProperties.Kafka(partitions, (short) replicationFactor, minInsyncReplicas, Duration.ofSeconds(130));
    }

    int partitions() throws Exception {
        return admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get().get(Topics.LEDGER_EVENTS)
                .partitions().size();
    }

    Config topicConfig() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LEDGER_EVENTS);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
