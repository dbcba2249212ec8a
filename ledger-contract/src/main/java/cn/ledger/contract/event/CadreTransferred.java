package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** The cadre belongs to {@code toUnitId} from {@code effectiveDate}. */
public record CadreTransferred(String cadreId, String fromUnitId, String toUnitId, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
