package cn.ledger.projection;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code kafkaListener} in {@code /actuator/health} (and the readiness group): DOWN when the consumer
 * of {@code ledger.events} is not running (stopped, or a consumer thread died) or the broker cannot be
 * reached, since then the read model silently stops following the ledger. The broker is asked through
 * {@link ConsumerLag}, whose reads are bounded and cached for a few seconds; the check as a whole is
 * time-limited like every health check of the service.
 */
public class ListenerHealth implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;
    private final String listenerId;
    private final ConsumerLag lag;

    public ListenerHealth(KafkaListenerEndpointRegistry registry, String listenerId, ConsumerLag lag) {
        this.registry = registry;
        this.listenerId = listenerId;
        this.lag = lag;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = registry.getListenerContainer(listenerId);
        if (container == null) {
            return Health.down().withDetail("listener", listenerId).withDetail("error", "no such listener").build();
        }
        boolean running = container.isRunning();
        boolean allConsumers = container.isInExpectedState();
        Health.Builder health = (running && allConsumers ? Health.up() : Health.down())
                .withDetail("listener", listenerId).withDetail("running", running)
                .withDetail("allConsumersRunning", allConsumers).withDetail("paused", container.isContainerPaused());
        if (!running || !allConsumers) {
            return health.withDetail("error", "the consumer of the ledger's events is not running").build();
        }
        double behind = lag.current();
        if (Double.isNaN(behind)) {
            return Health.down().withDetail("listener", listenerId)
                    .withDetail("error", "the Kafka broker cannot be reached").build();
        }
        return health.withDetail("lag", (long) behind).build();
    }
}
