package cn.ledger.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates a topic when it is missing and never changes one that exists. A topic's partition count
 * decides which partition a key lands on: raising it moves streams to other partitions, and a
 * consumer may then read a stream's later events before its earlier ones. So an existing topic whose
 * partition count differs from the configured one is a start-up error naming both counts, not a
 * silent increase (which is what Spring's {@code KafkaAdmin} does with a {@code NewTopic} bean).
 */
public final class TopicDeclaration {

    /** What {@link #declare} found. */
    public enum Outcome { CREATED, EXISTS }

    /** The broker's topic does not match the configuration; the service refuses to start. */
    public static final class MismatchException extends IllegalStateException {
        public MismatchException(String message) {
            super(message);
        }
    }

    /** What an existing topic differs in besides its partitions (reported, never changed). */
    public record Differences(Optional<Integer> replicationFactor, Optional<String> minInsyncReplicas) {}

    private TopicDeclaration() {}

    /**
     * Creates {@code wanted} if the broker does not have it; if it does, checks its partition count.
     *
     * @param partitionsSetting the setting that configures the partition count, named in the error
     * @param timeoutMillis how long each call to the broker may take
     * @throws MismatchException if the topic exists with another partition count
     * @throws IllegalStateException if the broker cannot be reached or refuses
     */
    public static Outcome declare(Admin admin, NewTopic wanted, String partitionsSetting, long timeoutMillis) {
        Optional<TopicDescription> existing = describe(admin, wanted.name(), timeoutMillis);
        if (existing.isEmpty()) {
            try {
                admin.createTopics(List.of(wanted)).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
                return Outcome.CREATED;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("cannot create " + wanted.name(), e.getCause());
                }
                // created by another instance meanwhile: check it like any existing topic
                existing = describe(admin, wanted.name(), timeoutMillis);
            } catch (TimeoutException e) {
                throw failure("cannot create " + wanted.name() + " within " + timeoutMillis + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while creating " + wanted.name(), e);
            }
        }
        int actual = existing.orElseThrow(() -> new IllegalStateException(wanted.name() + " vanished")).partitions().size();
        if (actual != wanted.numPartitions()) {
            throw new MismatchException("Kafka topic " + wanted.name() + " has " + actual + " partitions, but "
                    + partitionsSetting + " is " + wanted.numPartitions() + ". An existing topic's partition count "
                    + "is never changed (it would move streams to other partitions and break their order): set "
                    + partitionsSetting + " to " + actual + ".");
        }
        return Outcome.EXISTS;
    }

    /** How the existing topic differs from {@code wanted} in replication factor and min.insync.replicas. */
    public static Differences differences(Admin admin, NewTopic wanted, long timeoutMillis) {
        TopicDescription description = describe(admin, wanted.name(), timeoutMillis)
                .orElseThrow(() -> new IllegalStateException(wanted.name() + " does not exist"));
        int replicas = description.partitions().get(0).replicas().size();
        Optional<Integer> replicationFactor = wanted.replicationFactor() != replicas ? Optional.of(replicas) : Optional.empty();
        String wantedIsr = wanted.configs() == null ? null : wanted.configs().get("min.insync.replicas");
        Optional<String> isr = Optional.empty();
        if (wantedIsr != null) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, wanted.name());
            try {
                String actual = admin.describeConfigs(List.of(resource)).all().get(timeoutMillis, TimeUnit.MILLISECONDS)
                        .get(resource).get("min.insync.replicas").value();
                isr = wantedIsr.equals(actual) ? Optional.empty() : Optional.of(actual);
            } catch (ExecutionException | TimeoutException e) {
                throw failure("cannot read the configuration of " + wanted.name(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted", e);
            }
        }
        return new Differences(replicationFactor, isr);
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic, long timeoutMillis) {
        try {
            Map<String, TopicDescription> found = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            return Optional.ofNullable(found.get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw failure("cannot describe " + topic, e.getCause());
        } catch (TimeoutException e) {
            throw failure("the Kafka broker did not answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while describing " + topic, e);
        }
    }

    private static IllegalStateException failure(String message, Throwable cause) {
        return new IllegalStateException(message + ": " + cause, cause);
    }
}
