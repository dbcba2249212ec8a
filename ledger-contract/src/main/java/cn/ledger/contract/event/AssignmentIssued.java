package cn.ledger.contract.event;

import cn.ledger.contract.AssignmentKind;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** A task issued to a unit and opened (挂账), due on {@code dueDate}. */
public record AssignmentIssued(
        String unitId, String assignmentId, AssignmentKind kind, String title, LocalDate dueDate,
        String issuedByUnitId, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
