package cn.ledger.command.config;

import cn.ledger.command.audit.MerkleLogAppender;
import cn.ledger.command.publish.KafkaPublisher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ProcessingConfig {

    /**
     * A failure to publish (or to log an event in the Merkle log) must stop that processor, not be logged and skipped (Axon's default for
     * streaming processors): the batch rolls back and is retried, so no event is left behind.
     */
    @Bean
    public ConfigurerModule publisherFailsLoudly() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KafkaPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(MerkleLogAppender.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
