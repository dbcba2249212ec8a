package cn.ledger.query.eligibility;

import cn.ledger.contract.CardColour;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * Answers whether a cadre is eligible for a purpose on a date, rule by rule, from the ledger's
 * records as known at an instant. National numbers are constants; local ones come from the
 * {@link EligibilityPolicy}. Pure: no I/O, no clock.
 */
public final class EligibilityEngine {

    /** Years of work for a county-level (县处级) post (reg). */
    public static final int COUNTY_WORK_YEARS = 5;
    /** Years at the grassroots for a county-level post (reg). */
    public static final int COUNTY_GRASSROOTS_YEARS = 2;
    /** Years as deputy before the principal post at the same level (reg). */
    public static final int DEPUTY_TO_PRINCIPAL_YEARS = 2;
    /** Years as principal before the deputy post at the next level (reg). */
    public static final int PRINCIPAL_TO_HIGHER_DEPUTY_YEARS = 3;

    private final EligibilityPolicy policy;

    public EligibilityEngine(EligibilityPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public EligibilityPolicy policy() {
        return policy;
    }

    /** As the ledger knows it now: every record it holds. */
    public Eligibility evaluate(CadreFacts facts, Purpose purpose, LocalDate asOf) {
        return evaluate(facts, purpose, asOf, null);
    }

    /**
     * Judges records taking effect on or before {@code asOf} that the ledger had learnt by
     * {@code knownAt}; a null {@code knownAt} means every record.
     */
    public Eligibility evaluate(CadreFacts facts, Purpose purpose, LocalDate asOf, Instant knownAt) {
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(asOf, "asOf");
        KnownLedger ledger = new KnownLedger(facts, asOf, knownAt);
        List<Sanction> sanctions = ledger.counting(facts.sanctions());
        List<RuleOutcome> rules = new ArrayList<>();
        rules.add(influencePeriod(ledger, purpose));
        String target;
        if (purpose instanceof Purpose.LeadershipPost post) {
            target = post.targetLevel();
            rules.add(investigation(ledger));
            rules.add(lastYearGrade(ledger, sanctions));
            rules.add(yearsInPost(ledger, post.targetLevel()));
            if (PostLevels.isCountyLevel(post.targetLevel())) {
                rules.add(workYears(facts, asOf));
                rules.add(grassrootsYears(facts));
                rules.add(frontline(ledger));
            }
        } else if (purpose instanceof Purpose.RankPromotion) {
            target = ledger.currentRank().flatMap(r -> policy.stepFrom(r.rank()))
                    .map(EligibilityPolicy.RankStep::to).orElse(null);
            rules.add(investigation(ledger));
            rules.add(RankYears.judge(ledger, policy, sanctions));
        } else {
            Purpose.Award award = (Purpose.Award) purpose;
            target = award.from() + ".." + award.to();
            rules.add(awardNegativeEntries(ledger, award));
            rules.add(awardSanctions(ledger, award));
            rules.add(awardRedCard(ledger, award));
        }
        boolean eligible = rules.stream().allMatch(RuleOutcome::passed);
        return new Eligibility(facts.cadreId(), purpose, target, asOf, knownAt, eligible, policy.version(), rules,
                earliestClearDate(rules, asOf, eligible));
    }

    /**
     * For each sanction and 诫勉谈话 in force (known, effective and not corrected by {@code asOf}), the day
     * the influence period its measure belongs to ends for the purpose — with other measures combined and
     * capped as the regulations say. The records of one 诫勉 entered twice share their end.
     */
    public Map<String, LocalDate> influencePeriodEnds(CadreFacts facts, Purpose purpose, LocalDate asOf,
            Instant knownAt) {
        KnownLedger ledger = new KnownLedger(facts, asOf, knownAt);
        Map<String, LocalDate> ends = new LinkedHashMap<>();
        for (InfluencePeriods.Span span : InfluencePeriods.spans(measures(ledger), months(ledger, purpose))) {
            span.measures().forEach(m -> m.recordIds().forEach(id -> ends.put(id, span.end())));
        }
        return ends;
    }

    /**
     * {@link #influencePeriodEnds} for selection to a leadership post at the level the cadre holds on
     * {@code asOf} (the lowest level when no post is known): for 责令辞职/免职, the end of the year without
     * a post equal to the one held before; a higher post is blocked as long as rank promotion.
     */
    public Map<String, LocalDate> influencePeriodEndsAtHeldLevel(CadreFacts facts, LocalDate asOf, Instant knownAt) {
        String level = new KnownLedger(facts, asOf, knownAt).currentPost().map(PostHeld::level)
                .orElse(PostLevels.LADDER.get(0));
        return influencePeriodEnds(facts, Purpose.leadershipPost(level), asOf, knownAt);
    }

    /** The measures formed by the sanctions and 诫勉谈话 interviews that count. */
    private static List<InfluencePeriods.Measure> measures(KnownLedger ledger) {
        return InfluencePeriods.measures(ledger.counting(ledger.facts().sanctions()),
                ledger.counting(admonishmentInterviews(ledger.facts().interviews())));
    }

    private static List<Interview> admonishmentInterviews(List<Interview> interviews) {
        return interviews.stream().filter(Interview::isAdmonishment).toList();
    }

    private ToIntFunction<InfluencePeriods.Measure> months(KnownLedger ledger, Purpose purpose) {
        return m -> InfluencePeriods.months(m, purpose, policy, ledger.postBefore(m.effectiveDate()));
    }

    private static LocalDate earliestClearDate(List<RuleOutcome> rules, LocalDate asOf, boolean eligible) {
        if (eligible) {
            return asOf;
        }
        List<RuleOutcome> blockers = rules.stream().filter(r -> !r.passed()).toList();
        if (blockers.stream().anyMatch(r -> r.clearsOn() == null)) {
            return null;
        }
        return blockers.stream().map(RuleOutcome::clearsOn).max(Comparator.naturalOrder()).orElseThrow();
    }

    private RuleOutcome influencePeriod(KnownLedger ledger, Purpose purpose) {
        List<InfluencePeriods.Measure> measures = measures(ledger);
        List<LedgerRecord> corrected = Stream.<LedgerRecord>concat(
                ledger.corrected(ledger.facts().sanctions()).stream(),
                ledger.corrected(admonishmentInterviews(ledger.facts().interviews())).stream()).toList();
        ToIntFunction<InfluencePeriods.Measure> months = months(ledger, purpose);
        List<InfluencePeriods.Span> spans = InfluencePeriods.spans(measures, months);
        List<String> ids = Stream.concat(measures.stream().flatMap(m -> m.eventIds().stream()),
                ledger.correctionEventIds(corrected).stream()).toList();
        List<Part> notCounted = KnownLedger.notCounted(corrected, ledger);
        Optional<InfluencePeriods.Span> running = spans.stream().filter(s -> s.blocksOn(ledger.asOf())).findFirst();
        if (running.isPresent()) {
            InfluencePeriods.Span span = running.get();
            List<Part> parts = span.measures().stream().map(m -> m.periodPart(months.applyAsInt(m))).toList();
            List<String> spanIds = span.measures().stream().flatMap(m -> m.eventIds().stream()).toList();
            Map<String, Object> params = span.capped()
                    ? OutcomeCode.params("until", span.end(), "sanctions", parts, "capMonths",
                            InfluencePeriods.CAP_MONTHS, "start", span.start(), "notCounted", notCounted)
                    : OutcomeCode.params("until", span.end(), "sanctions", parts, "notCounted", notCounted);
            OutcomeCode code = span.capped() ? OutcomeCode.INFLUENCE_PERIOD_BLOCKED_CAPPED
                    : span.measures().size() > 1 ? OutcomeCode.INFLUENCE_PERIOD_BLOCKED_COMBINED
                    : OutcomeCode.INFLUENCE_PERIOD_BLOCKED_BY_SANCTION;
            return RuleOutcome.block(code, params, spanIds, span.end());
        }
        return spans.isEmpty()
                ? RuleOutcome.pass(OutcomeCode.INFLUENCE_PERIOD_NONE, OutcomeCode.params("notCounted", notCounted), ids)
                : RuleOutcome.pass(OutcomeCode.INFLUENCE_PERIOD_ENDED, OutcomeCode.params("lastEnded",
                        spans.get(spans.size() - 1).end(), "notCounted", notCounted), ids);
    }

    private static RuleOutcome investigation(KnownLedger ledger) {
        List<Investigation> known = ledger.counting(ledger.facts().investigations());
        List<Investigation> open = known.stream().filter(i -> !closedBy(i, ledger)).toList();
        if (!open.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.INVESTIGATION_OPEN, OutcomeCode.params("investigations",
                    open.stream().map(i -> OutcomeCode.PART_INVESTIGATION_OPENED.part("recordId", i.investigationId(),
                            "openedOn", i.openedOn())).toList()),
                    open.stream().map(Investigation::eventId).toList(), null);
        }
        List<String> ids = known.stream().flatMap(i -> Stream.of(i.eventId(), i.closedEventId())).toList();
        return known.isEmpty()
                ? RuleOutcome.pass(OutcomeCode.INVESTIGATION_NONE, Map.of(), ids)
                : RuleOutcome.pass(OutcomeCode.INVESTIGATION_ALL_CLOSED, OutcomeCode.params("investigations",
                        known.stream().map(i -> OutcomeCode.PART_INVESTIGATION_CLOSED.part("recordId",
                                i.investigationId(), "closedOn", i.closedOn())).toList()), ids);
    }

    private static boolean closedBy(Investigation investigation, KnownLedger ledger) {
        return investigation.closedOn() != null && !investigation.closedOn().isAfter(ledger.asOf())
                && ledger.isLearnt(investigation.closedRecordedAt());
    }

    /**
     * Last year's grade. A 基本称职 or 不称职 blocks until a later year's grade becomes "last year";
     * whether that one is better cannot be known, so no clearing date.
     */
    private static RuleOutcome lastYearGrade(KnownLedger ledger, List<Sanction> sanctions) {
        int year = ledger.asOf().getYear() - 1;
        YearGrades.YearGrade grade = YearGrades.of(year, ledger.grade(year), sanctions);
        List<String> ids = grade.eventIds();
        return switch (grade.standing()) {
            case BASICALLY_COMPETENT, INCOMPETENT -> RuleOutcome.block(OutcomeCode.LAST_YEAR_GRADE_BLOCKED,
                    OutcomeCode.params("grade", grade.part(), "nextYear", year + 1,
                            "nextCountsFrom", LocalDate.of(year + 2, 1, 1)),
                    ids, null);
            case MISSING -> RuleOutcome.pass(OutcomeCode.LAST_YEAR_GRADE_MISSING, OutcomeCode.params("year", year), ids);
            default -> RuleOutcome.pass(OutcomeCode.LAST_YEAR_GRADE_RECORDED, OutcomeCode.params("grade", grade.part()),
                    ids);
        };
    }

    private static RuleOutcome yearsInPost(KnownLedger ledger, String targetLevel) {
        Optional<PostHeld> current = ledger.currentPost();
        int targetRank = PostLevels.rank(targetLevel);
        if (current.isEmpty()) {
            return targetRank == 0
                    ? RuleOutcome.pass(OutcomeCode.YEARS_IN_POST_FIRST_LEVEL, OutcomeCode.params("target", targetLevel),
                            List.of())
                    : RuleOutcome.block(OutcomeCode.YEARS_IN_POST_NO_POST, OutcomeCode.params("target", targetLevel),
                            List.of(), null);
        }
        PostHeld post = current.get();
        List<String> ids = List.of(post.eventId());
        int currentRank = PostLevels.rank(post.level());
        if (targetRank <= currentRank) {
            return RuleOutcome.pass(OutcomeCode.YEARS_IN_POST_NOT_A_STEP_UP, OutcomeCode.params("post", post.post(),
                    "level", post.level(), "since", post.since(), "target", targetLevel), ids);
        }
        if (targetRank > currentRank + 1) {
            return RuleOutcome.block(OutcomeCode.YEARS_IN_POST_SKIPS_LEVEL, OutcomeCode.params("post", post.post(),
                    "level", post.level(), "since", post.since(), "target", targetLevel), ids, null);
        }
        boolean deputy = PostLevels.isDeputy(post.level());
        int required = deputy ? DEPUTY_TO_PRINCIPAL_YEARS : PRINCIPAL_TO_HIGHER_DEPUTY_YEARS;
        LocalDate clears = post.since().plusYears(required);
        OutcomeCode code = deputy ? OutcomeCode.YEARS_IN_POST_AS_DEPUTY : OutcomeCode.YEARS_IN_POST_AS_LOWER_PRINCIPAL;
        Map<String, Object> params = OutcomeCode.params("post", post.post(), "level", post.level(),
                "since", post.since(), "target", targetLevel, "years", required, "metOn", clears);
        return clears.isAfter(ledger.asOf())
                ? RuleOutcome.block(code, params, ids, clears)
                : RuleOutcome.pass(code, params, ids);
    }

    private static RuleOutcome workYears(CadreFacts facts, LocalDate asOf) {
        LocalDate clears = facts.workStartDate().plusYears(COUNTY_WORK_YEARS);
        Map<String, Object> params = OutcomeCode.params("workStart", facts.workStartDate(), "years",
                COUNTY_WORK_YEARS, "metOn", clears);
        return clears.isAfter(asOf)
                ? RuleOutcome.block(OutcomeCode.WORK_YEARS_SINCE, params, List.of(), clears)
                : RuleOutcome.pass(OutcomeCode.WORK_YEARS_SINCE, params, List.of());
    }

    /**
     * Grassroots years as recorded: the ledger does not say whether later posts were at the
     * grassroots, so no years are added for time since registration and no clearing date is given.
     */
    private static RuleOutcome grassrootsYears(CadreFacts facts) {
        Map<String, Object> params = OutcomeCode.params("years", facts.grassrootsYears(), "recordedOn",
                facts.registeredOn(), "required", COUNTY_GRASSROOTS_YEARS);
        return facts.grassrootsYears() >= COUNTY_GRASSROOTS_YEARS
                ? RuleOutcome.pass(OutcomeCode.GRASSROOTS_YEARS_RECORDED, params, List.of())
                : RuleOutcome.block(OutcomeCode.GRASSROOTS_YEARS_RECORDED, params, List.of(), null);
    }

    private RuleOutcome frontline(KnownLedger ledger) {
        if (!policy.frontlineRequiredForCounty()) {
            return RuleOutcome.pass(OutcomeCode.FRONTLINE_NOT_REQUIRED, OutcomeCode.params("policy", policy.version()),
                    List.of());
        }
        List<FrontlinePosting> postings = ledger.counting(ledger.facts().frontline()).stream()
                .filter(p -> policy.countingFrontlineKinds().contains(p.kind()))
                .toList();
        if (postings.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.FRONTLINE_NONE, OutcomeCode.params("policy", policy.version(),
                    "kinds", policy.countingFrontlineKinds().stream().sorted().map(Term::of).toList()), List.of(), null);
        }
        return RuleOutcome.pass(OutcomeCode.FRONTLINE_POSTINGS, OutcomeCode.params("postings", postings.stream()
                .map(p -> OutcomeCode.PART_POSTING.part("kind", Term.of(p.kind()), "start", p.start(),
                        "recordId", p.postingId())).toList()),
                postings.stream().map(FrontlinePosting::eventId).toList());
    }

    private RuleOutcome awardNegativeEntries(KnownLedger ledger, Purpose.Award award) {
        if (!policy.awardRequiresNoNegativeEntry()) {
            return notRequired(OutcomeCode.AWARD_NEGATIVE_ENTRIES_NOT_REQUIRED);
        }
        List<NegativeEntry> all = ledger.facts().negativeEntries().stream()
                .filter(e -> within(e.effectiveDate(), award)).toList();
        List<NegativeEntry> counting = ledger.counting(all);
        List<Part> notCounted = KnownLedger.notCounted(ledger.corrected(all), ledger);
        if (!counting.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.AWARD_NEGATIVE_ENTRIES_FOUND, OutcomeCode.params("entries",
                    counting.stream().map(e -> OutcomeCode.PART_NEGATIVE_ENTRY.part("recordId", e.entryId(),
                            "effectiveDate", e.effectiveDate())).toList(), "notCounted", notCounted),
                    counting.stream().map(NegativeEntry::eventId).toList(), null);
        }
        return RuleOutcome.pass(OutcomeCode.AWARD_NEGATIVE_ENTRIES_NONE, OutcomeCode.params("notCounted", notCounted),
                ledger.correctionEventIds(ledger.corrected(all)));
    }

    private RuleOutcome awardSanctions(KnownLedger ledger, Purpose.Award award) {
        if (!policy.awardRequiresNoSanction()) {
            return notRequired(OutcomeCode.AWARD_SANCTIONS_NOT_REQUIRED);
        }
        List<Sanction> all = ledger.facts().sanctions().stream()
                .filter(s -> within(s.effectiveDate(), award)).toList();
        List<Interview> interviews = admonishmentInterviews(ledger.facts().interviews()).stream()
                .filter(i -> within(i.effectiveDate(), award)).toList();
        List<InfluencePeriods.Measure> counting = InfluencePeriods.measures(ledger.counting(all),
                ledger.counting(interviews));
        List<LedgerRecord> corrected = Stream.<LedgerRecord>concat(ledger.corrected(all).stream(),
                ledger.corrected(interviews).stream()).toList();
        List<Part> notCounted = KnownLedger.notCounted(corrected, ledger);
        if (!counting.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.AWARD_SANCTIONS_FOUND, OutcomeCode.params("sanctions",
                    counting.stream().map(InfluencePeriods.Measure::part).toList(), "notCounted", notCounted),
                    counting.stream().flatMap(m -> m.eventIds().stream()).toList(), null);
        }
        return RuleOutcome.pass(OutcomeCode.AWARD_SANCTIONS_NONE, OutcomeCode.params("notCounted", notCounted),
                ledger.correctionEventIds(corrected));
    }

    private RuleOutcome awardRedCard(KnownLedger ledger, Purpose.Award award) {
        if (!policy.awardRequiresNoRedCard()) {
            return notRequired(OutcomeCode.AWARD_RED_CARD_NOT_REQUIRED);
        }
        List<Quarter> quarters = Quarter.covering(award.from(), award.to());
        List<UnitCard> all = ledger.facts().unitCards().stream()
                .filter(c -> c.colour() == CardColour.RED && quarters.contains(c.quarter())).toList();
        List<UnitCard> counting = ledger.counting(all);
        List<Part> notCounted = KnownLedger.notCounted(ledger.corrected(all), ledger);
        if (!counting.isEmpty()) {
            return RuleOutcome.block(OutcomeCode.AWARD_RED_CARD_FOUND, OutcomeCode.params("cards",
                    counting.stream().map(c -> OutcomeCode.PART_RED_CARD.part("quarter", c.quarter().toString(),
                            "aspect", c.aspect(), "recordId", c.cardId())).toList(), "notCounted", notCounted),
                    counting.stream().map(UnitCard::eventId).toList(), null);
        }
        return RuleOutcome.pass(OutcomeCode.AWARD_RED_CARD_NONE, OutcomeCode.params("quarters",
                quarters.stream().map(Quarter::toString).toList(), "notCounted", notCounted),
                ledger.correctionEventIds(ledger.corrected(all)));
    }

    private RuleOutcome notRequired(OutcomeCode code) {
        return RuleOutcome.pass(code, OutcomeCode.params("policy", policy.version()), List.of());
    }

    private static boolean within(LocalDate date, Purpose.Award award) {
        return !date.isBefore(award.from()) && !date.isAfter(award.to());
    }
}
