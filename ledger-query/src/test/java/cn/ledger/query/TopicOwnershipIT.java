package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.Topics;
import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.ProjectionKafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ledger-query consumes {@code ledger.events} and never declares it: on a broker without the topic it
 * starts and creates only its own dead-letter topic; on a topic with another partition count than its
 * {@code ledger.kafka.partitions} it starts, reads every partition, and leaves the count as it was.
 */
class TopicOwnershipIT {

    @Test
    void startsWithoutDeclaringLedgerEventsAndNeverChangesIt() throws Exception {
        try (KafkaServer broker = KafkaServer.start(0);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            try (ConfigurableApplicationContext context = start(broker)) {
                String group = context.getEnvironment().getProperty("spring.kafka.consumer.group-id");
                // the service's own topic is declared at start: the declarations have run
                assertThat(admin.listTopics().names().get())
                        .contains(ProjectionKafkaConfig.deadLetterTopic(group))
                        .doesNotContain(Topics.LEDGER_EVENTS);
            }

            admin.createTopics(List.of(new NewTopic(Topics.LEDGER_EVENTS, 3, (short) 1))).all().get();
            try (ConfigurableApplicationContext context = start(broker)) {
                String group = context.getEnvironment().getProperty("spring.kafka.consumer.group-id");
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                                .flatMap(m -> m.assignment().topicPartitions().stream())
                                .filter(p -> p.topic().equals(Topics.LEDGER_EVENTS)).count())
                        .as("the consumer reads all 3 partitions").isEqualTo(3));
                assertThat(admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get()
                        .get(Topics.LEDGER_EVENTS).partitions()).as("ledger.kafka.partitions=8 changed nothing").hasSize(3);
            }
        }
    }

    static ConfigurableApplicationContext start(KafkaServer broker) {
        return new SpringApplicationBuilder(LedgerQueryApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.databaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--ledger.security.mode=local",
                "--ledger.kafka.partitions=8");
    }
}
