package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** 立案审查调查 opened; while open it blocks promotion. */
public record InvestigationOpened(
        String cadreId, String investigationId, String authority, String reason, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
