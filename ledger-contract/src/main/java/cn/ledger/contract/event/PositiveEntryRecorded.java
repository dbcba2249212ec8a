package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** 正向纪实: an achievement, commendation, completed key task or frontline service. Points are non-negative; the event type carries the sign. */
public record PositiveEntryRecorded(
        String cadreId,
        String entryId,
        String aspect,
        BigDecimal points,
        String summary,
        List<String> evidence,
        LocalDate effectiveDate)
        implements LedgerEvent {

    public PositiveEntryRecorded {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    @Override
    public String subjectId() {
        return cadreId;
    }
}
