package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** A cadre entered the ledger with their master data as it stood on {@code effectiveDate}. */
public record CadreRegistered(
        String cadreId,
        String name,
        String unitId,
        String post,
        String postLevel,
        LocalDate postSince,
        String rank,
        LocalDate rankSince,
        LocalDate workStartDate,
        int grassrootsYears,
        String education,
        LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
