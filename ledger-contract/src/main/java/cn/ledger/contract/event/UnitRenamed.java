package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

public record UnitRenamed(String unitId, String name, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
