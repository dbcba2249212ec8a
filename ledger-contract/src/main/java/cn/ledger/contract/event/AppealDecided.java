package cn.ledger.contract.event;

import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** An appeal decided on {@code effectiveDate}; a {@code REVOKED} outcome is followed by the record's revocation. */
public record AppealDecided(
        String cadreId, String appealId, AppealOutcome outcome, String reason, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
