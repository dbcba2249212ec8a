package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A rank (职级) such as 一级主任科员, held from {@code since}. */
public record RankHeld(String rank, LocalDate since, Instant recordedAt, String eventId) implements LedgerRecord {

    public RankHeld {
        Objects.requireNonNull(rank, "rank");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    @Override
    public String recordId() {
        return eventId;
    }

    @Override
    public LocalDate effectiveDate() {
        return since;
    }
}
