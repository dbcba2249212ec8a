package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import java.time.LocalDate;

/**
 * A Party discipline, government sanction or organisational handling decision, in force from
 * {@code effectiveDate}. {@code probationMonths} is set for 留党察看 only (12 or 24).
 */
public record SanctionImposed(
        String cadreId, String sanctionId, SanctionKind kind, Integer probationMonths, String decidedBy,
        String reason, LocalDate effectiveDate) implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
