package cn.ledger.projection;

import cn.ledger.contract.LedgerEnvelope;

/**
 * A read model fed by {@code ledger.events}. {@link #apply} runs inside the transaction that also
 * records the stream position, and is called at most once per event: it need not check for
 * duplicates itself. An exception marks the event as poison: it goes to the dead-letter topic and
 * the projection carries on with the next one.
 */
public interface Projection {

    /** The name used in metrics and logs. */
    String name();

    void apply(LedgerEnvelope envelope);

    /**
     * Applies an event whose text is storable ({@link StorableText}). {@code originalPayload} is the event's
     * JSON as published when some of its text had to be replaced to be stored, else null: a read model that
     * shows payloads keeps it, so that nothing the ledger recorded is lost to a reader.
     */
    default void apply(LedgerEnvelope envelope, byte[] originalPayload) {
        apply(envelope);
    }
}
