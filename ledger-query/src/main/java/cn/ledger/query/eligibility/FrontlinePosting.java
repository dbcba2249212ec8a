package cn.ledger.query.eligibility;

import cn.ledger.contract.FrontlineKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A frontline posting (一线工作经历) from {@code start}, to {@code end} or still running when null. */
public record FrontlinePosting(String postingId, FrontlineKind kind, LocalDate start, LocalDate end,
        Instant recordedAt, String eventId) implements LedgerRecord {

    public FrontlinePosting {
        Objects.requireNonNull(postingId, "postingId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
        if (end != null && end.isBefore(start)) {
            throw new IllegalArgumentException("A posting cannot end before it starts");
        }
    }

    @Override
    public String recordId() {
        return postingId;
    }

    @Override
    public LocalDate effectiveDate() {
        return start;
    }
}
