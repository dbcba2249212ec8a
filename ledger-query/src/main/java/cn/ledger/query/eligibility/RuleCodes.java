package cn.ledger.query.eligibility;

/**
 * The stable codes of the rules, as they appear in {@link RuleOutcome#rule()}. Each outcome of a rule has a
 * code of its own starting with the rule's ({@link OutcomeCode}, e.g. {@code influence-period.ended}).
 */
public final class RuleCodes {

    /** No influence period (影响期) runs. All purposes. */
    public static final String INFLUENCE_PERIOD = "influence-period";
    /** No investigation (立案审查调查) open. Leadership posts and rank promotion. */
    public static final String INVESTIGATION = "investigation";
    /** Last year's grade is not 基本称职 or 不称职. Leadership posts. */
    public static final String LAST_YEAR_GRADE = "last-year-grade";
    /** Years in the current post for the step to the target level. Leadership posts. */
    public static final String YEARS_IN_POST = "years-in-post";
    /** Five years of work. County-level (县处级) posts. */
    public static final String WORK_YEARS = "work-years";
    /** Two years at the grassroots (基层). County-level posts. */
    public static final String GRASSROOTS_YEARS = "grassroots-years";
    /** A frontline posting (一线工作经历), local and switchable. County-level posts. */
    public static final String FRONTLINE = "frontline";
    /** Years in the current rank, adjusted by grades. Rank promotion. */
    public static final String RANK_YEARS = "rank-years";
    /** No negative entry in the award period (local, switchable). Awards. */
    public static final String AWARD_NEGATIVE_ENTRIES = "award-negative-entries";
    /** No sanction taking effect in the award period (local, switchable). Awards. */
    public static final String AWARD_SANCTIONS = "award-sanctions";
    /** No red card for the unit in a quarter of the award period (local, switchable). Awards. */
    public static final String AWARD_RED_CARD = "award-red-card";

    private RuleCodes() {
    }
}
