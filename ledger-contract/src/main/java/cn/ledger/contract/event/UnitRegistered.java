package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.UnitCategory;
import java.time.LocalDate;

/** A unit entered the ledger; {@code parentUnitId} is null only for the top of the hierarchy. */
public record UnitRegistered(
        String unitId, String name, UnitCategory category, String parentUnitId, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
