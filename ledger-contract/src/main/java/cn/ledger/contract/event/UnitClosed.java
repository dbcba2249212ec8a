package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** The unit ceased to exist; nothing more may be recorded for it or its cadres. */
public record UnitClosed(String unitId, String reason, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
