package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** An assignment ticked off (销号) on {@code effectiveDate}; late when that is after its due date. */
public record AssignmentCompleted(String unitId, String assignmentId, String note, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
