package cn.ledger.contract.event;

import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/**
 * An interview held with a cadre; {@code unitId} is the cadre's unit on the day, for counts per unit.
 *
 * <p>{@code sameMeasureAs} was added within version 1 (stored payload revision 2): for a 诫勉谈话, the id
 * of the 诫勉 organisational-handling sanction of the same cadre that records the same measure, when the
 * recorder said so; null otherwise, and absent in events published before it existed.
 */
public record InterviewRecorded(
        String cadreId,
        String interviewId,
        String unitId,
        InterviewKind kind,
        String interviewer,
        String reason,
        LocalDate effectiveDate,
        String sameMeasureAs)
        implements LedgerEvent {

    /** An interview not linked to another record. */
    public InterviewRecorded(String cadreId, String interviewId, String unitId, InterviewKind kind, String interviewer,
            String reason, LocalDate effectiveDate) {
        this(cadreId, interviewId, unitId, kind, interviewer, reason, effectiveDate, null);
    }

    @Override
    public String subjectId() {
        return cadreId;
    }
}
