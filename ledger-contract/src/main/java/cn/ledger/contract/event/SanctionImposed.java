package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import java.time.LocalDate;

/**
 * A Party discipline, government sanction or organisational handling decision, in force from
 * {@code effectiveDate}. {@code probationMonths} is set for 留党察看 only (12 or 24).
 *
 * <p>{@code sameMeasureAs} was added within version 1 (stored payload revision 2): for a 诫勉, the id of the
 * 诫勉谈话 interview of the same cadre that records the same measure, when the recorder said so; null
 * otherwise, and absent in events published before it existed.
 */
public record SanctionImposed(
        String cadreId, String sanctionId, SanctionKind kind, Integer probationMonths, String decidedBy,
        String reason, LocalDate effectiveDate, String sameMeasureAs) implements LedgerEvent {

    /** A sanction not linked to another record. */
    public SanctionImposed(String cadreId, String sanctionId, SanctionKind kind, Integer probationMonths,
            String decidedBy, String reason, LocalDate effectiveDate) {
        this(cadreId, sanctionId, kind, probationMonths, decidedBy, reason, effectiveDate, null);
    }

    @Override
    public String subjectId() {
        return cadreId;
    }
}
