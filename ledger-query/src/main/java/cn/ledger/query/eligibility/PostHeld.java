package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** A leadership post (职务) held from {@code since}, at a level such as 乡科正 or 县处副. */
public record PostHeld(String post, String level, LocalDate since, Instant recordedAt, String eventId)
        implements LedgerRecord {

    public PostHeld {
        Objects.requireNonNull(post, "post");
        PostLevels.requireKnown(level);
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
