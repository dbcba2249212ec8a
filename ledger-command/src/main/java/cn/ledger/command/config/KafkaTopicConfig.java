package cn.ledger.command.config;

import cn.ledger.contract.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
public class KafkaTopicConfig {

    @Bean
    public NewTopic ledgerEventsTopic(LedgerProperties properties) {
        return TopicBuilder.name(Topics.LEDGER_EVENTS)
                .partitions(properties.kafka().partitions())
                .replicas(properties.kafka().replicationFactor())
                .configs(Topics.LEDGER_EVENTS_CONFIG)
                .build();
    }
}
