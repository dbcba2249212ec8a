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
 * @param kafka       the topic's partition count
 * @param eventStore  read batch and gap handling of the event store
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue List<String> aspects,
        @DefaultValue Points points,
        @DefaultValue Kafka kafka,
        @DefaultValue EventStore eventStore) {

    public record Points(@DefaultValue("0") BigDecimal min, @DefaultValue("100") BigDecimal max) {}

    public record Kafka(@DefaultValue("8") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("130s") Duration sendTimeout) {}

    public record EventStore(@DefaultValue("500") int readBatchSize, @DefaultValue("10m") Duration gapTimeout,
            @DefaultValue("10000") int maxGapOffset, @DefaultValue("100") int snapshotThreshold,
            @DefaultValue("250") int gapCleaningThreshold, @DefaultValue("20ms") Duration fetchDelay,
            @DefaultValue("20000") int cachedAggregates) {}
}
