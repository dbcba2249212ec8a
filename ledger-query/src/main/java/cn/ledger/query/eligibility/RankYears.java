package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Years in the current rank (公务员职务与职级并行规定). The requirement starts as the table's years
 * from the date the rank was conferred, then the calendar years in the rank are walked in order
 * while they fall before the date the requirement is met:
 * <ul>
 * <li>a year that does not count (基本称职, 不称职, 不定等次 or no grade recorded once it has ended)
 * pushes the date back by the part of that year that lay before it: a whole year, or for the year
 * the rank was conferred the part from conferral to year end;</li>
 * <li>an 优秀 year wholly in the rank brings the date forward 6 months, but never before that year
 * has ended (the grade cannot shorten time before it exists);</li>
 * <li>a year not yet ended counts unless a known sanction already rules it out (不定等次 or 不称职);</li>
 * <li>last year, ended but with no grade recorded yet (grades are decided early in the year), is
 * pending: it does not move the date, but the rule cannot pass until its grade is known. Earlier
 * years with no grade recorded do not count.</li>
 * </ul>
 * The date so found assumes no further bad years.
 */
final class RankYears {

    /** The most calendar years the walk looks at: more than any career, and the years 1900–2200 served. */
    static final int MAX_YEARS_WALKED = 400;

    private RankYears() {
    }

    static RuleOutcome judge(KnownLedger ledger, EligibilityPolicy policy, List<Sanction> sanctions) {
        Optional<RankHeld> current = ledger.currentRank();
        if (current.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.RANK_YEARS_NO_RANK, Map.of(), List.of(), null);
        }
        RankHeld rank = current.get();
        Optional<EligibilityPolicy.RankStep> step = policy.stepFrom(rank.rank());
        if (step.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.RANK_YEARS_NO_NEXT_RANK,
                    OutcomeCode.params("rank", rank.rank(), "policy", policy.version()), List.of(rank.eventId()), null);
        }
        LocalDate asOf = ledger.asOf();
        LocalDate since = rank.since();
        LocalDate clears = since.plusYears(step.get().years());
        List<String> eventIds = new ArrayList<>(List.of(rank.eventId()));
        List<Part> adjustments = new ArrayList<>();
        Integer pendingYear = null;
        // Each year walked moves the date by at most a year, so the walk ends within the requirement, the
        // years up to asOf and the sanctioned years after it; the cap keeps any date, however far out, from
        // making it longer.
        boolean walkCapped = (long) since.getYear() + MAX_YEARS_WALKED < (long) asOf.getYear() + 100;
        int lastYear = walkCapped ? since.getYear() + MAX_YEARS_WALKED : asOf.getYear() + 100;
        for (int year = since.getYear(); year <= lastYear; year++) {
            LocalDate yearStart = LocalDate.of(year, 1, 1);
            LocalDate yearEnd = LocalDate.of(year + 1, 1, 1);
            LocalDate inRankFrom = yearStart.isBefore(since) ? since : yearStart;
            if (!inRankFrom.isBefore(clears)) {
                break;
            }
            boolean ended = !yearEnd.isAfter(asOf);
            YearGrades.YearGrade grade = YearGrades.of(year, ended ? ledger.grade(year) : Optional.empty(),
                    sanctions);
            boolean pending = ended && year == asOf.getYear() - 1
                    && grade.standing() == YearGrades.Standing.MISSING;
            boolean doesNotCount = ended ? !grade.standing().counts() : YearGrades.knownNotToCount(grade);
            if (pending) {
                pendingYear = year;
            } else if (doesNotCount) {
                Period lost = Period.between(inRankFrom, yearEnd.isBefore(clears) ? yearEnd : clears);
                clears = clears.plus(lost);
                adjustments.add(OutcomeCode.PART_RANK_YEAR_NOT_COUNTING.part("grade", grade.part(), "added",
                        lost.normalized()));
                eventIds.addAll(grade.eventIds());
            } else if (ended && grade.standing() == YearGrades.Standing.EXCELLENT && !yearStart.isBefore(since)) {
                LocalDate shortened = clears.minusMonths(6).isBefore(yearEnd) ? yearEnd : clears.minusMonths(6);
                if (shortened.isBefore(clears)) {
                    adjustments.add(OutcomeCode.PART_RANK_YEAR_EXCELLENT.part("grade", grade.part(), "shortenedBy",
                            Period.between(shortened, clears).normalized()));
                    clears = shortened;
                } else {
                    adjustments.add(OutcomeCode.PART_RANK_YEAR_COUNTS.part("grade", grade.part()));
                }
                eventIds.addAll(grade.eventIds());
            } else if (ended) {
                adjustments.add(OutcomeCode.PART_RANK_YEAR_COUNTS.part("grade", grade.part()));
                eventIds.addAll(grade.eventIds());
            } else if (!grade.sanctions().isEmpty()) {
                adjustments.add(OutcomeCode.PART_RANK_YEAR_COUNTS_SO_FAR.part("grade", grade.part()));
                eventIds.addAll(grade.eventIds());
            }
        }
        if (walkCapped && LocalDate.of(lastYear + 1, 1, 1).isBefore(clears)) {
            return RuleOutcome.block(OutcomeCode.RANK_YEARS_CANNOT_BE_JUDGED, OutcomeCode.params("rank", rank.rank(),
                    "since", since, "maxYears", MAX_YEARS_WALKED, "asOf", asOf), List.of(rank.eventId()), null);
        }
        Map<String, Object> params = OutcomeCode.params("rank", rank.rank(), "since", since, "next", step.get().to(),
                "years", step.get().years(), "adjustments", List.copyOf(adjustments), "metOn", clears);
        List<String> ids = eventIds.stream().distinct().toList();
        if (pendingYear != null) {
            params.put("pendingYear", pendingYear);
            return RuleOutcome.block(OutcomeCode.RANK_YEARS_GRADE_PENDING, params, ids,
                    clears.isAfter(asOf) ? clears : null);
        }
        return clears.isAfter(asOf)
                ? RuleOutcome.block(OutcomeCode.RANK_YEARS_REQUIREMENT, params, ids, clears)
                : RuleOutcome.pass(OutcomeCode.RANK_YEARS_REQUIREMENT, params, ids);
    }
}
