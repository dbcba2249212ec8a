package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A negative entry (负向纪实), e.g. a problem found by supervision. */
public record NegativeEntry(String entryId, int points, LocalDate effectiveDate, Instant recordedAt, String eventId)
        implements LedgerRecord {

    public NegativeEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public String recordId() {
        return entryId;
    }
}
