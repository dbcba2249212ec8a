package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A later decision about an earlier record, which stays in the history. From its effective date,
 * and once the ledger knows it, the corrected record no longer counts for eligibility.
 */
public record Correction(String recordId, Kind kind, LocalDate effectiveDate, Instant recordedAt, String eventId)
        implements LedgerRecord {

    public enum Kind {
        /** The record was revoked (撤销), e.g. on appeal. */
        REVOKED,
        /** 容错免责: judged an honest mistake; kept, but no longer counted. */
        TOLERATED
    }

    public Correction {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }
}
