package cn.ledger.query.eligibility;

import cn.ledger.contract.InterviewKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An interview (谈话) held with a cadre. Only a 诫勉谈话 ({@link InterviewKind#ADMONISHMENT}) matters for
 * eligibility: it is a 诫勉 and carries its influence period. {@code sameMeasureAs}, when set, names
 * the 诫勉 sanction that records the same measure.
 */
public record Interview(String interviewId, InterviewKind kind, LocalDate effectiveDate, Instant recordedAt,
        String eventId, String sameMeasureAs) implements LedgerRecord {

    public Interview {
        Objects.requireNonNull(interviewId, "interviewId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public String recordId() {
        return interviewId;
    }

    boolean isAdmonishment() {
        return kind == InterviewKind.ADMONISHMENT;
    }

    Part part() {
        return OutcomeCode.PART_INTERVIEW.part("kind", Term.of(kind), "effectiveDate", effectiveDate,
                "recordId", interviewId);
    }
}
