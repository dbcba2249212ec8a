package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** 负向纪实: a problem found, a missed deadline, a complaint upheld. Points are non-negative; the event type carries the sign. */
public record NegativeEntryRecorded(
        String cadreId,
        String entryId,
        String aspect,
        BigDecimal points,
        String summary,
        List<String> evidence,
        LocalDate effectiveDate)
        implements LedgerEvent {

    public NegativeEntryRecorded {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    @Override
    public String subjectId() {
        return cadreId;
    }
}
