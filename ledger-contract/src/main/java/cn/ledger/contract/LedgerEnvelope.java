package cn.ledger.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One event as it travels on {@code ledger.events}: the payload plus what the ledger knows about it.
 *
 * @param eventId       unique id of the event ({@code ce_id}); consumers deduplicate on it or on
 *                      subject + sequence
 * @param aggregateType {@code Cadre} or {@code Unit}
 * @param subject       the stream (aggregate) id; also the record key
 * @param sequence      position of the event in its stream, from 0, without gaps
 * @param recordedAt    when the ledger stored it
 * @param recordedBy    the authenticated principal that caused it
 * @param correlationId the request that caused it
 * @param history       true when the event was entered as history: a fact that took effect before the stream
 *                      was registered in the ledger, recorded only now (extension {@code ce_history})
 */
public record LedgerEnvelope(
        String eventId,
        String aggregateType,
        String subject,
        long sequence,
        Instant recordedAt,
        String recordedBy,
        String correlationId,
        LedgerEvent event,
        boolean history) {

    /** An event entered as it happened (not as history). */
    public LedgerEnvelope(String eventId, String aggregateType, String subject, long sequence, Instant recordedAt,
            String recordedBy, String correlationId, LedgerEvent event) {
        this(eventId, aggregateType, subject, sequence, recordedAt, recordedBy, correlationId, event, false);
    }

    public LedgerEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(event, "event");
    }

    public String type() {
        return EventTypes.nameOf(event.getClass());
    }

    public LocalDate effectiveDate() {
        return event.effectiveDate();
    }
}
