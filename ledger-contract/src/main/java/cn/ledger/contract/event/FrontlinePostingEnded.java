package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** An open-ended frontline posting ended on {@code effectiveDate}. */
public record FrontlinePostingEnded(String cadreId, String postingId, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
