package cn.ledger.command.publish;

import cn.ledger.contract.Topics;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code kafka} in {@code /actuator/health} and the readiness group: UP when the broker answers and
 * {@code ledger.events} has a leader for every partition, i.e. the publisher can send. Commands are
 * still stored while Kafka is away (they are published when it is back); readiness says the whole
 * path is not there, which is what an orchestrator's health check waits for at start.
 */
public class KafkaHealth implements HealthIndicator, DisposableBean {

    private final Admin admin;

    public KafkaHealth(KafkaAdmin kafkaAdmin) {
        java.util.Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ledger-command-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500);
        this.admin = Admin.create(config);
    }

    @Override
    public Health health() {
        try {
            TopicDescription topic = admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames()
                    .get(1500, TimeUnit.MILLISECONDS).get(Topics.LEDGER_EVENTS);
            long leaderless = topic.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty()).count();
            Health.Builder health = leaderless == 0 ? Health.up() : Health.down()
                    .withDetail("error", leaderless + " partitions of " + Topics.LEDGER_EVENTS + " have no leader");
            return health.withDetail("topic", Topics.LEDGER_EVENTS).withDetail("partitions", topic.partitions().size())
                    .build();
        } catch (ExecutionException e) {
            return Health.down().withDetail("error", String.valueOf(e.getCause())).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "the Kafka broker cannot be reached").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
