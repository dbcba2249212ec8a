package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

public record InvestigationClosed(String cadreId, String investigationId, String outcome, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
