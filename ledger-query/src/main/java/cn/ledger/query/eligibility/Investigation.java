package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An investigation (立案审查调查) opened on {@code openedOn}. Its closing is a later event: {@code closedOn},
 * {@code closedRecordedAt} and {@code closedEventId} are all null while it is open.
 */
public record Investigation(String investigationId, LocalDate openedOn, Instant recordedAt, String eventId,
        LocalDate closedOn, Instant closedRecordedAt, String closedEventId) implements LedgerRecord {

    public Investigation {
        Objects.requireNonNull(investigationId, "investigationId");
        Objects.requireNonNull(openedOn, "openedOn");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
        boolean anyClosing = closedOn != null || closedRecordedAt != null || closedEventId != null;
        boolean fullClosing = closedOn != null && closedRecordedAt != null && closedEventId != null;
        if (anyClosing && !fullClosing) {
            throw new IllegalArgumentException("A closing needs its date, recording instant and event id");
        }
    }

    public static Investigation open(String investigationId, LocalDate openedOn, Instant recordedAt, String eventId) {
        return new Investigation(investigationId, openedOn, recordedAt, eventId, null, null, null);
    }

    public Investigation closed(LocalDate on, Instant recorded, String event) {
        return new Investigation(investigationId, openedOn, recordedAt, eventId, on, recorded, event);
    }

    @Override
    public String recordId() {
        return investigationId;
    }

    @Override
    public LocalDate effectiveDate() {
        return openedOn;
    }
}
