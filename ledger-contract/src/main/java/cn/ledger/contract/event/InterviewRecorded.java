package cn.ledger.contract.event;

import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** An interview held with a cadre; {@code unitId} is the cadre's unit on the day, for counts per unit. */
public record InterviewRecorded(
        String cadreId,
        String interviewId,
        String unitId,
        InterviewKind kind,
        String interviewer,
        String reason,
        LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
