package cn.ledger.contract;

import java.time.LocalDate;

/**
 * An event of the ledger. Every event names the stream (cadre or unit) it belongs to and the date it
 * took effect in the world; when the ledger learnt of it is the event's recorded time, kept by the
 * event store and published as {@code ce_time}.
 */
public interface LedgerEvent {

    /** The cadre or unit this event is about; also the stream id and the Kafka record key. */
    String subjectId();

    /** When it happened in the world (as opposed to when it was recorded). */
    LocalDate effectiveDate();
}
