package cn.ledger.contract;

import java.util.HashMap;
import java.util.Map;

/** Kafka topics of the ledger. */
public final class Topics {

    /** Every stored ledger event, keyed by stream id, in stream order per key; never expires. */
    public static final String LEDGER_EVENTS = "ledger.events";

    /**
     * The configuration {@code ledger.events} is created with: nothing is ever deleted or compacted.
     * {@code min.insync.replicas} comes from the deployment ({@link #ledgerEventsConfig(int)}).
     */
    public static final Map<String, String> LEDGER_EVENTS_CONFIG = Map.of(
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "cleanup.policy", "delete",
            "min.insync.replicas", "1");

    /**
     * {@link #LEDGER_EVENTS_CONFIG} with the given {@code min.insync.replicas}: 1 on a single broker;
     * 2 with three brokers and replication factor 3, so that an acknowledged event (the publisher sends
     * with {@code acks=all}) is on two brokers before it counts as published.
     */
    public static Map<String, String> ledgerEventsConfig(int minInsyncReplicas) {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1, not " + minInsyncReplicas);
        }
        Map<String, String> config = new HashMap<>(LEDGER_EVENTS_CONFIG);
        config.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
        return Map.copyOf(config);
    }

    private Topics() {}
}
