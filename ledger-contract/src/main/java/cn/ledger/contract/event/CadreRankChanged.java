package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** The cadre holds rank (职级) {@code rank} from {@code effectiveDate}. */
public record CadreRankChanged(String cadreId, String rank, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
