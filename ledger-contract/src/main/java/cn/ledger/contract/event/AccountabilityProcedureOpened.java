package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** 启动问责程序 for a unit, e.g. after ranking last in its category for consecutive months up to {@code month}. */
public record AccountabilityProcedureOpened(
        String unitId, String procedureId, String month, String reason, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
