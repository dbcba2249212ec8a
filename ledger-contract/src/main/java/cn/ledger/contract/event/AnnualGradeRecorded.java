package cn.ledger.contract.event;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.LedgerEvent;
import java.time.LocalDate;

/** 年度考核 grade for {@code year}; one per cadre and year. */
public record AnnualGradeRecorded(String cadreId, String gradeId, int year, AnnualGrade grade, LocalDate effectiveDate)
        implements LedgerEvent {

    @Override
    public String subjectId() {
        return cadreId;
    }
}
