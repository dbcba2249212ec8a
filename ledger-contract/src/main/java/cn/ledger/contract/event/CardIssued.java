package cn.ledger.contract.event;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** A 亮牌 card for one assessment aspect and one quarter ({@code 2023-Q3}), issued to a unit by its parent. */
public record CardIssued(
        String unitId,
        String cardId,
        String aspect,
        String quarter,
        CardColour colour,
        String issuedByUnitId,
        LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
