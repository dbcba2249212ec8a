package cn.ledger.contract.event;

import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** A period on a frontline post from {@code effectiveDate} (the start) to {@code endDate}, open-ended when null. */
public record FrontlinePostingRecorded(
        String cadreId, String postingId, FrontlineKind kind, String description, LocalDate endDate,
        LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
