package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A fact the ledger holds about a cadre: which event carried it, from when it takes effect and when
 * the ledger learnt it. The engine judges "as of" a date by {@link #effectiveDate()} and "as known
 * at" an instant by {@link #recordedAt()}.
 */
public interface LedgerRecord {

    /** The id a {@link Correction} names to revoke or tolerate this record. */
    String recordId();

    String eventId();

    LocalDate effectiveDate();

    Instant recordedAt();
}
