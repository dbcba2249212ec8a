package cn.ledger.query.eligibility;

import cn.ledger.contract.AnnualGrade;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** The annual grade (年度考核等次) for {@code year}, decided on {@code effectiveDate}. */
public record GradeRecord(int year, AnnualGrade grade, LocalDate effectiveDate, Instant recordedAt, String eventId)
        implements LedgerRecord {

    public GradeRecord {
        Objects.requireNonNull(grade, "grade");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public String recordId() {
        return eventId;
    }
}
