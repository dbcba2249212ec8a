package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.NegativeFinding;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * 负向纪实: a problem found, a missed deadline, a complaint upheld. Points are non-negative; the event type carries the sign.
 *
 * <p>{@code finding} was added within version 1 (stored payload revision 2): it is null when the
 * recorder did not say, and for every entry recorded before it existed; events published before it
 * existed lack the field altogether.
 */
public record NegativeEntryRecorded(
        String cadreId,
        String entryId,
        String aspect,
        BigDecimal points,
        String summary,
        List<String> evidence,
        LocalDate effectiveDate,
        NegativeFinding finding)
        implements LedgerEvent {

    public NegativeEntryRecorded {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** An entry that does not say what kind of finding it is. */
    public NegativeEntryRecorded(String cadreId, String entryId, String aspect, BigDecimal points, String summary,
            List<String> evidence, LocalDate effectiveDate) {
        this(cadreId, entryId, aspect, points, summary, evidence, effectiveDate, null);
    }

    @Override
    public String subjectId() {
        return cadreId;
    }
}
