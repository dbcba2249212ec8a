package cn.ledger.projection;

import cn.ledger.contract.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * {@code ledger.projection.consumer.lag}: records of {@code ledger.events} the service's consumer group has
 * still to apply — the end offset of each partition minus the group's committed offset (the whole partition
 * when the group has none yet), summed. The group commits after each applied batch, so it is 0 once the read
 * model has caught up. Read from the broker at most every few seconds, on scrape; NaN while Kafka cannot be
 * reached.
 */
public class ConsumerLag implements DisposableBean {

    static final long REFRESH_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final KafkaAdmin kafkaAdmin;
    private final String group;
    private Admin admin;
    private long readAt;                 // 0: never read
    private boolean failing;
    private double lag = Double.NaN;    // NaN until read

    public ConsumerLag(KafkaAdmin kafkaAdmin, String group, String projection, MeterRegistry meters) {
        this.kafkaAdmin = kafkaAdmin;
        this.group = group;
        Gauge.builder("ledger.projection.consumer.lag", this, ConsumerLag::current)
                .tag("projection", projection)
                .tag("group", group)
                .description("Records of " + Topics.LEDGER_EVENTS + " behind the end of the topic for consumer group " + group)
                .register(meters);
    }

    synchronized double current() {
        long now = System.currentTimeMillis();
        if (readAt == 0 || now - readAt >= REFRESH_MILLIS) {
            readAt = now;
            try {
                lag = read();
                failing = false;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (!failing) {
                    failing = true;
                    log.warn("consumer lag not read: {}", e.toString());
                }
                lag = Double.NaN;
            }
        }
        return lag;
    }

    private long read() throws Exception {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
            config.put("client.id", "ledger-consumer-lag-" + group);
            admin = Admin.create(config);
        }
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(java.util.List.of(Topics.LEDGER_EVENTS))
                .allTopicNames().get(3, TimeUnit.SECONDS).get(Topics.LEDGER_EVENTS).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.LEDGER_EVENTS, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all().get(3, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
        long behind = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return behind;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
