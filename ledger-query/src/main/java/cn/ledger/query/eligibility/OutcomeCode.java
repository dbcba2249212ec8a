package cn.ledger.query.eligibility;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every outcome a rule can give, and every part an outcome's parameters are built of: a stable code
 * (the key of its sentence in the message catalogue, {@code i18n/rules_zh.properties} and
 * {@code i18n/rules_en.properties}) and the names of its parameters. The sentence shows the
 * parameters before the {@code |}; those after it are data only (e.g. record ids), in the JSON but not
 * in the text. An outcome's code starts with its rule's code ({@link RuleCodes}); a part's with
 * {@code part.}.
 *
 * <p>To add an outcome: a constant here with its parameters, a sentence under its code in both
 * catalogue files (the catalogue test fails until both have it, with exactly these placeholders),
 * and {@code RuleOutcome.pass/block(code, params, …)} in the engine.
 */
public enum OutcomeCode {

    // influence-period
    INFLUENCE_PERIOD_BLOCKED_BY_SANCTION("influence-period.blocked-by-sanction", "until,sanctions,notCounted"),
    INFLUENCE_PERIOD_BLOCKED_COMBINED("influence-period.blocked-combined", "until,sanctions,notCounted"),
    INFLUENCE_PERIOD_BLOCKED_CAPPED("influence-period.blocked-capped", "until,sanctions,capMonths,start,notCounted"),
    INFLUENCE_PERIOD_NONE("influence-period.none", "notCounted"),
    INFLUENCE_PERIOD_ENDED("influence-period.ended", "lastEnded,notCounted"),
    // investigation
    INVESTIGATION_OPEN("investigation.open", "investigations"),
    INVESTIGATION_NONE("investigation.none", ""),
    INVESTIGATION_ALL_CLOSED("investigation.all-closed", "investigations"),
    // last-year-grade
    LAST_YEAR_GRADE_BLOCKED("last-year-grade.blocked", "grade,nextYear,nextCountsFrom"),
    LAST_YEAR_GRADE_MISSING("last-year-grade.missing", "year"),
    LAST_YEAR_GRADE_RECORDED("last-year-grade.recorded", "grade"),
    // years-in-post
    YEARS_IN_POST_FIRST_LEVEL("years-in-post.first-level", "target"),
    YEARS_IN_POST_NO_POST("years-in-post.no-post", "target"),
    YEARS_IN_POST_NOT_A_STEP_UP("years-in-post.not-a-step-up", "post,level,since,target"),
    YEARS_IN_POST_SKIPS_LEVEL("years-in-post.skips-level", "post,level,since,target"),
    YEARS_IN_POST_AS_DEPUTY("years-in-post.as-deputy", "post,level,since,target,years,metOn"),
    YEARS_IN_POST_AS_LOWER_PRINCIPAL("years-in-post.as-lower-principal", "post,level,since,target,years,metOn"),
    // county conditions
    WORK_YEARS_SINCE("work-years.since", "workStart,years,metOn"),
    GRASSROOTS_YEARS_RECORDED("grassroots-years.recorded", "years,recordedOn,required"),
    FRONTLINE_NOT_REQUIRED("frontline.not-required", "policy"),
    FRONTLINE_NONE("frontline.none", "policy,kinds"),
    FRONTLINE_POSTINGS("frontline.postings", "postings"),
    // rank-years
    RANK_YEARS_NO_RANK("rank-years.no-rank", ""),
    RANK_YEARS_NO_NEXT_RANK("rank-years.no-next-rank", "rank,policy"),
    RANK_YEARS_CANNOT_BE_JUDGED("rank-years.cannot-be-judged", "rank,since,maxYears,asOf"),
    RANK_YEARS_REQUIREMENT("rank-years.requirement", "rank,since,next,years,adjustments,metOn"),
    RANK_YEARS_GRADE_PENDING("rank-years.grade-pending", "rank,since,next,years,adjustments,metOn,pendingYear"),
    // awards
    AWARD_NEGATIVE_ENTRIES_NOT_REQUIRED("award-negative-entries.not-required", "policy"),
    AWARD_NEGATIVE_ENTRIES_FOUND("award-negative-entries.found", "entries,notCounted"),
    AWARD_NEGATIVE_ENTRIES_NONE("award-negative-entries.none", "notCounted"),
    AWARD_SANCTIONS_NOT_REQUIRED("award-sanctions.not-required", "policy"),
    AWARD_SANCTIONS_FOUND("award-sanctions.found", "sanctions,notCounted"),
    AWARD_SANCTIONS_NONE("award-sanctions.none", "notCounted"),
    AWARD_RED_CARD_NOT_REQUIRED("award-red-card.not-required", "policy"),
    AWARD_RED_CARD_FOUND("award-red-card.found", "cards,notCounted"),
    AWARD_RED_CARD_NONE("award-red-card.none", "quarters,notCounted"),

    // parts of outcomes' parameters
    PART_SANCTION_PERIOD("part.sanction-period", "kind,effectiveDate,months|recordId"),
    PART_SANCTION("part.sanction", "kind,effectiveDate|recordId"),
    PART_INTERVIEW_PERIOD("part.interview-period", "kind,effectiveDate,months|recordId"),
    PART_INTERVIEW("part.interview", "kind,effectiveDate|recordId"),
    /** One 诫勉 entered both as a sanction and as a 诫勉谈话: its records, counted once. */
    PART_MEASURE_PERIOD("part.measure-period", "records,months"),
    PART_MEASURE("part.measure", "records"),
    PART_NOT_COUNTED("part.not-counted", "recordId,correction,from"),
    PART_INVESTIGATION_OPENED("part.investigation-opened", "recordId,openedOn"),
    PART_INVESTIGATION_CLOSED("part.investigation-closed", "recordId,closedOn"),
    PART_YEAR_GRADE("part.year-grade", "year,standing"),
    PART_YEAR_GRADE_SANCTIONED("part.year-grade-sanctioned", "year,standing,recorded,sanctions"),
    PART_POSTING("part.posting", "kind,start|recordId"),
    PART_NEGATIVE_ENTRY("part.negative-entry", "recordId,effectiveDate"),
    PART_RED_CARD("part.red-card", "quarter,aspect|recordId"),
    PART_RANK_YEAR_NOT_COUNTING("part.rank-year.not-counting", "grade,added"),
    PART_RANK_YEAR_EXCELLENT("part.rank-year.excellent", "grade,shortenedBy"),
    PART_RANK_YEAR_COUNTS("part.rank-year.counts", "grade"),
    PART_RANK_YEAR_COUNTS_SO_FAR("part.rank-year.counts-so-far", "grade");

    private final String code;
    private final List<String> shown;
    private final List<String> dataOnly;

    OutcomeCode(String code, String params) {
        this.code = code;
        String[] halves = params.split("\\|", -1);
        this.shown = names(halves[0]);
        this.dataOnly = halves.length > 1 ? names(halves[1]) : List.of();
    }

    private static List<String> names(String list) {
        return list.isBlank() ? List.of() : Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    /** The stable code, also the catalogue key of the sentence. */
    public String code() {
        return code;
    }

    /** The rule this outcome belongs to, or null for a part. */
    public String rule() {
        return isPart() ? null : code.substring(0, code.indexOf('.'));
    }

    public boolean isPart() {
        return code.startsWith("part.");
    }

    /** The parameters the sentence shows, in the order they are declared. */
    public List<String> shownParams() {
        return shown;
    }

    /** Every parameter: those shown and the data-only ones. */
    public List<String> params() {
        return java.util.stream.Stream.concat(shown.stream(), dataOnly.stream()).toList();
    }

    /** Throws unless {@code params} names exactly this code's parameters, none null. */
    void check(Map<String, Object> params) {
        if (!params.keySet().equals(new java.util.HashSet<>(params()))) {
            throw new IllegalArgumentException(code + " takes " + params() + ", got " + params.keySet());
        }
        params.forEach((name, value) -> {
            if (value == null) {
                throw new IllegalArgumentException(code + ": parameter " + name + " is null");
            }
        });
    }

    /** Named parameters in the order given: name, value, name, value, … */
    static Map<String, Object> params(Object... namesAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    /** A part of an outcome's parameters, built of this code and its parameters. */
    Part part(Object... namesAndValues) {
        return new Part(this, params(namesAndValues));
    }
}
