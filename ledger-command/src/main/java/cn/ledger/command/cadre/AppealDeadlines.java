package cn.ledger.command.cadre;

import cn.ledger.contract.AppealStage;
import java.time.LocalDate;

/**
 * The statutory appeal deadlines (reg): a review (复核) is requested within 30 days of the decision and
 * decided within 30; a complaint (申诉) is filed within 15 days of the review decision, or within 30
 * days of the original decision when no review was asked for, and decided within 60 (+30 if extended).
 * "Within N days of D" means on or before D + N.
 */
public final class AppealDeadlines {

    public static final int REVIEW_FILING_DAYS = 30;
    public static final int REVIEW_DECISION_DAYS = 30;
    public static final int COMPLAINT_AFTER_REVIEW_DAYS = 15;
    public static final int COMPLAINT_DIRECT_DAYS = 30;
    public static final int COMPLAINT_DECISION_DAYS = 60;

    private AppealDeadlines() {}

    /** Last day to file, given the contested decision's date and, for a complaint, the review decision's date. */
    public static LocalDate filingDeadline(AppealStage stage, LocalDate decidedOn, LocalDate reviewDecidedOn) {
        if (stage == AppealStage.REVIEW) {
            return decidedOn.plusDays(REVIEW_FILING_DAYS);
        }
        return reviewDecidedOn != null ? reviewDecidedOn.plusDays(COMPLAINT_AFTER_REVIEW_DAYS)
                : decidedOn.plusDays(COMPLAINT_DIRECT_DAYS);
    }

    public static LocalDate decisionDue(AppealStage stage, LocalDate filedOn) {
        return filedOn.plusDays(stage == AppealStage.REVIEW ? REVIEW_DECISION_DAYS : COMPLAINT_DECISION_DAYS);
    }
}
