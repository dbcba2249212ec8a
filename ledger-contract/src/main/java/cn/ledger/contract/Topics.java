package cn.ledger.contract;

/** Kafka topics of the ledger. */
public final class Topics {

    /** Every stored ledger event, keyed by stream id, in stream order per key; never expires. */
    public static final String LEDGER_EVENTS = "ledger.events";

    /** Topic configuration every service declares identically: nothing is ever deleted or compacted. */
    public static final java.util.Map<String, String> LEDGER_EVENTS_CONFIG = java.util.Map.of(
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "cleanup.policy", "delete",
            "min.insync.replicas", "1");

    private Topics() {}
}
