package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/**
 * An earlier record of this stream no longer counts, from {@code effectiveDate}. The record stays in
 * the history. {@code supersededBy} names the record that replaces it when this is an amendment.
 */
public record RecordRevoked(
        String streamId, String recordId, String reason, String supersededBy, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return streamId;
    }
}
