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
}
