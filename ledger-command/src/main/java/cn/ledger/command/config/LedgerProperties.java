package cn.ledger.command.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a district configures on the command side.
 *
 * @param aspects     the assessment aspects (考核方面) entries and cards may name
 * @param points      the range an entry's points must fall in
 * @param kafka       {@code ledger.events} as ledger-command creates it (its only owner), and the send timeout
 * @param eventStore  read batch and gap handling of the event store
 * @param command     how commands are committed
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue List<String> aspects,
        @DefaultValue Points points,
        @DefaultValue Kafka kafka,
        @DefaultValue EventStore eventStore,
        @DefaultValue Command command) {

    public record Points(@DefaultValue("0") BigDecimal min, @DefaultValue("100") BigDecimal max) {}

    /**
     * @param partitions         the topic's partition count: used when the topic is created, and checked
     *                           against an existing topic (never changed: a difference refuses the start)
     * @param replicationFactor  copies of each partition, at creation: 1 on one broker, 3 on three
     * @param minInsyncReplicas  copies that must have an event before it counts as published (the
     *                           publisher sends with acks=all): 1 on one broker, 2 on three
     */
    public record Kafka(@DefaultValue("8") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("1") int minInsyncReplicas, @DefaultValue("130s") Duration sendTimeout) {}

    public record EventStore(@DefaultValue("500") int readBatchSize, @DefaultValue("10m") Duration gapTimeout,
            @DefaultValue("10000") int maxGapOffset, @DefaultValue("100") int snapshotThreshold,
            @DefaultValue("250") int gapCleaningThreshold, @DefaultValue("20ms") Duration fetchDelay,
            @DefaultValue("20000") int cachedAggregates, @DefaultValue("false") boolean sharedReader) {}

    public record Command(@DefaultValue GroupCommit groupCommit) {}

    /**
     * @param enabled   concurrent commands on different streams share one transaction and one commit
     * @param maxWait   how long a command waits for others to join its group, when others are about
     * @param maxBatch  commands in one group at most
     * @param maxGroups groups running at once at most (each holds a database connection)
     */
    public record GroupCommit(@DefaultValue("false") boolean enabled, @DefaultValue("2ms") Duration maxWait,
            @DefaultValue("32") int maxBatch, @DefaultValue("2") int maxGroups) {}
}
