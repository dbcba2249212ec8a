package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/**
 * 容错免责: a negative entry judged an honest mistake; it stays in the history but no longer counts for
 * scoring or eligibility.
 */
public record NegativeEntryTolerated(String cadreId, String entryId, String reason, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
