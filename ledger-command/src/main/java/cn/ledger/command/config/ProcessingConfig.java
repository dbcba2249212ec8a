package cn.ledger.command.config;

import cn.ledger.command.audit.MerkleLogAppender;
import cn.ledger.command.publish.KafkaPublisher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ProcessingConfig {

    /**
     * A failure to publish (or to log an event in the Merkle log) must stop that processor, not be logged and skipped (Axon's default for
     * streaming processors): the batch rolls back and is retried, so no event is left behind.
     */
    /** The publisher's threads and segments (each thread takes one segment), and the events of one batch. */
    static final int PUBLISHER_THREADS = 4;
    static final int PUBLISHER_BATCH = 200;

    /**
     * The publisher: a tracking processor, whose threads wait on the event store's stream and take a new event
     * as soon as they read it. (A pooled processor's coordinator looks at an idle stream only every 500 ms, which
     * made an event wait 250 ms on average before it was published.) Each thread reads the store itself and is
     * woken by the service's appends ({@link WakingEventStore}).
     */
    @Bean
    public ConfigurerModule publisherProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                KafkaPublisher.PROCESSING_GROUP, org.axonframework.config.Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forParallelProcessing(PUBLISHER_THREADS)
                        .andInitialSegmentsCount(PUBLISHER_THREADS).andBatchSize(PUBLISHER_BATCH)));
    }

    @Bean
    public ConfigurerModule publisherFailsLoudly() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KafkaPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(MerkleLogAppender.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
