package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** The cadre holds a new post at {@code postLevel} from {@code effectiveDate}. */
public record CadreAppointed(String cadreId, String post, String postLevel, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
