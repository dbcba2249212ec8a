package cn.ledger.query.eligibility;

import cn.ledger.contract.SanctionKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A sanction (处分) or organisational handling (组织处理) taking effect on {@code effectiveDate}.
 * {@code probationMonths} is required for 留党察看 (12 or 24) and must be null otherwise.
 * {@code sameMeasureAs}, for a 诫勉, names the 诫勉谈话 interview that records the same measure, if any.
 */
public record Sanction(String sanctionId, SanctionKind kind, Integer probationMonths, LocalDate effectiveDate,
        Instant recordedAt, String eventId, String sameMeasureAs) implements LedgerRecord {

    /** A sanction not linked to another record. */
    public Sanction(String sanctionId, SanctionKind kind, Integer probationMonths, LocalDate effectiveDate,
            Instant recordedAt, String eventId) {
        this(sanctionId, kind, probationMonths, effectiveDate, recordedAt, eventId, null);
    }

    public Sanction {
        Objects.requireNonNull(sanctionId, "sanctionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
        if (kind == SanctionKind.PARTY_PROBATION) {
            if (probationMonths == null || (probationMonths != 12 && probationMonths != 24)) {
                throw new IllegalArgumentException("留党察看 needs a probation of 12 or 24 months, got " + probationMonths);
            }
        } else if (probationMonths != null) {
            throw new IllegalArgumentException("Only 留党察看 has a probation, not " + kind);
        }
    }

    @Override
    public String recordId() {
        return sanctionId;
    }

    /** The sanction as a part of an outcome: its kind and effective date (and its id, as data). */
    Part part() {
        return OutcomeCode.PART_SANCTION.part("kind", Term.of(kind), "effectiveDate", effectiveDate,
                "recordId", sanctionId);
    }
}
