package cn.ledger.contract.event;

import cn.ledger.contract.AppealStage;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/**
 * 复核 or 申诉 against a sanction, a 不称职 grade or a negative entry, filed on {@code effectiveDate}. The
 * contested record keeps counting while the appeal runs. {@code decisionDueBy} is the statutory date
 * by which it must be decided.
 */
public record AppealFiled(
        String cadreId, String appealId, String contestedRecordId, AppealStage stage, String reason,
        LocalDate decisionDueBy, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
