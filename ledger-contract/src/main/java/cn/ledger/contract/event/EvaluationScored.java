package cn.ledger.contract.event;

import cn.ledger.contract.LedgerEvent;
import java.math.BigDecimal;
import java.time.LocalDate;

/** An assessor's monthly evaluation score (月考评得分) for a unit; {@code month} like {@code 2023-09}. */
public record EvaluationScored(
        String unitId, String evaluationId, String month, BigDecimal score, String assessor, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return unitId;
    }
}
