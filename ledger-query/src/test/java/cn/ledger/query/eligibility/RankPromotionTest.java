package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.english;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.grade;
import static cn.ledger.query.eligibility.Fixtures.investigation;
import static cn.ledger.query.eligibility.Fixtures.rank;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.SanctionKind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RankPromotionTest {

    private static final Purpose RANK = Purpose.rankPromotion();

    private static CadreFacts inRank(String rank, String since, int... competentYears) {
        CadreFacts facts = Fixtures.cadre().with(rank(rank, since));
        for (int year : competentYears) {
            facts = facts.with(grade(year, AnnualGrade.COMPETENT));
        }
        return facts;
    }

    private static RuleOutcome rankYears(CadreFacts facts, String asOf) {
        return ENGINE.evaluate(facts, RANK, d(asOf)).rule(RuleCodes.RANK_YEARS).orElseThrow();
    }

    @ParameterizedTest(name = "{0} → {1} needs {2} years")
    @CsvSource({
            "二级科员, 一级科员, 2",
            "一级科员, 四级主任科员, 2",
            "四级主任科员, 三级主任科员, 2",
            "三级主任科员, 二级主任科员, 2",
            "二级主任科员, 一级主任科员, 2",
            "一级主任科员, 四级调研员, 2",
            "四级调研员, 三级调研员, 2",
            "三级调研员, 二级调研员, 2",
            "二级调研员, 一级调研员, 3",
            "一级调研员, 二级巡视员, 4",
            "二级巡视员, 一级巡视员, 4"})
    void needsTheTableYearsInRank(String from, String to, int years) {
        CadreFacts facts = inRank(from, "2016-07-01", 2016, 2017, 2018, 2019, 2020);
        LocalDate met = d("2016-07-01").plusYears(years);

        Eligibility dayBefore = ENGINE.evaluate(facts, RANK, met.minusDays(1));
        Eligibility onTheDay = ENGINE.evaluate(facts, RANK, met);

        assertThat(dayBefore.target()).isEqualTo(to);
        assertThat(dayBefore.eligible()).isFalse();
        assertThat(dayBefore.rule(RuleCodes.RANK_YEARS).orElseThrow().clearsOn()).isEqualTo(met);
        assertThat(dayBefore.earliestClearDate()).isEqualTo(met);
        assertThat(onTheDay.eligible()).isTrue();
        assertThat(onTheDay.rules()).extracting(RuleOutcome::rule)
                .containsExactly(RuleCodes.INFLUENCE_PERIOD, RuleCodes.INVESTIGATION, RuleCodes.RANK_YEARS);
    }

    @Test
    void theDefaultTableIsTheNationalOne() {
        // The table of 公务员职务与职级并行规定 (2019), typed out from the domain description.
        assertThat(EligibilityPolicy.defaults().rankTable()).containsExactly(
                new EligibilityPolicy.RankStep("二级科员", "一级科员", 2),
                new EligibilityPolicy.RankStep("一级科员", "四级主任科员", 2),
                new EligibilityPolicy.RankStep("四级主任科员", "三级主任科员", 2),
                new EligibilityPolicy.RankStep("三级主任科员", "二级主任科员", 2),
                new EligibilityPolicy.RankStep("二级主任科员", "一级主任科员", 2),
                new EligibilityPolicy.RankStep("一级主任科员", "四级调研员", 2),
                new EligibilityPolicy.RankStep("四级调研员", "三级调研员", 2),
                new EligibilityPolicy.RankStep("三级调研员", "二级调研员", 2),
                new EligibilityPolicy.RankStep("二级调研员", "一级调研员", 3),
                new EligibilityPolicy.RankStep("一级调研员", "二级巡视员", 4),
                new EligibilityPolicy.RankStep("二级巡视员", "一级巡视员", 4));
    }

    @Test
    void theRankTableComesFromThePolicy() {
        EligibilityEngine local = new EligibilityEngine(EligibilityPolicy.defaults()
                .withRankTable(List.of(new EligibilityPolicy.RankStep("一级科员", "四级主任科员", 3))));
        CadreFacts facts = inRank("一级科员", "2016-07-01", 2016, 2017, 2018, 2019);

        RuleOutcome outcome = local.evaluate(facts, RANK, d("2019-01-01")).rule(RuleCodes.RANK_YEARS).orElseThrow();

        assertThat(outcome.clearsOn()).isEqualTo(d("2019-07-01"));
    }

    @Test
    void theTopRankHasNoNextRank() {
        Eligibility answer = ENGINE.evaluate(inRank("一级巡视员", "2010-01-01"), RANK, d("2024-03-01"));

        assertThat(answer.target()).isNull();
        assertThat(answer.eligible()).isFalse();
        assertThat(english(answer.rule(RuleCodes.RANK_YEARS).orElseThrow())).contains("No rank above");
    }

    @Test
    void noRankRecordedIsNotEligible() {
        Eligibility answer = ENGINE.evaluate(Fixtures.cadre(), RANK, d("2024-03-01"));

        assertThat(answer.eligible()).isFalse();
        assertThat(answer.earliestClearDate()).isNull();
    }

    @Test
    void aRankConferredAfterAsOfIsNotTheCurrentRank() {
        CadreFacts facts = inRank("二级主任科员", "2016-01-01", 2016, 2017).with(rank("一级主任科员", "2018-06-01"));

        assertThat(ENGINE.evaluate(facts, RANK, d("2018-03-01")).target()).isEqualTo("一级主任科员");
        assertThat(ENGINE.evaluate(facts, RANK, d("2018-06-01")).target()).isEqualTo("四级调研员");
    }

    @Test
    void anExcellentYearShortensTheRequirementBySixMonths() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01").with(grade(2020, AnnualGrade.EXCELLENT));

        RuleOutcome dayBefore = rankYears(facts, "2021-06-30");

        assertThat(dayBefore.passed()).isFalse();
        assertThat(dayBefore.clearsOn()).isEqualTo(d("2021-07-01"));
        assertThat(dayBefore.eventIds()).containsExactly("evt-rank-2020-01-01", "evt-grade-2020");
        assertThat(rankYears(facts, "2021-07-01").passed()).isTrue();
    }

    @Test
    void eachExcellentYearShortensButNotBeforeThatYearHasEnded() {
        CadreFacts facts = inRank("二级调研员", "2020-01-01")
                .with(grade(2020, AnnualGrade.EXCELLENT))
                .with(grade(2021, AnnualGrade.EXCELLENT));

        assertThat(rankYears(facts, "2022-01-19").clearsOn()).isEqualTo(d("2022-07-01"));
        assertThat(rankYears(facts, "2022-01-20").passed()).isTrue();
    }

    @Test
    void anExcellentGradeAfterTheRequirementIsMetChangesNothing() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01").with(grade(2020, AnnualGrade.COMPETENT))
                .with(grade(2021, AnnualGrade.EXCELLENT));

        assertThat(rankYears(facts, "2022-03-01").passed()).isTrue();
        assertThat(english(rankYears(facts, "2022-03-01"))).contains("requirement met on 1 January 2022");
    }

    @Test
    void aBasicallyCompetentYearDoesNotCount() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01", 2021).with(grade(2020, AnnualGrade.BASICALLY_COMPETENT));

        RuleOutcome outcome = rankYears(facts, "2022-06-01");

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.clearsOn()).isEqualTo(d("2023-01-01"));
        assertThat(outcome.eventIds()).contains("evt-grade-2020");
        assertThat(rankYears(facts, "2022-12-31").passed()).isFalse();
        assertThat(rankYears(facts.with(grade(2022, AnnualGrade.COMPETENT)), "2023-01-20").passed()).isTrue();
    }

    @Test
    void whenTheRequirementEndsWithAYearItsGradeMustBeRecordedFirst() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01", 2020);

        RuleOutcome waiting = rankYears(facts, "2022-01-01");

        assertThat(waiting.passed()).isFalse();
        assertThat(waiting.clearsOn()).isNull();
        assertThat(rankYears(facts.with(grade(2021, AnnualGrade.COMPETENT)), "2022-01-20").passed()).isTrue();
        assertThat(rankYears(facts.with(grade(2021, AnnualGrade.BASICALLY_COMPETENT)), "2022-01-20").clearsOn())
                .isEqualTo(d("2023-01-01"));
    }

    @Test
    void anIncompetentYearDoesNotCount() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01", 2021).with(grade(2020, AnnualGrade.INCOMPETENT));

        assertThat(rankYears(facts, "2022-06-01").clearsOn()).isEqualTo(d("2023-01-01"));
    }

    @Test
    void anEarlierYearWithNoGradeRecordedDoesNotCount() {
        CadreFacts facts = inRank("一级主任科员", "2019-01-01", 2020);

        RuleOutcome outcome = rankYears(facts, "2021-06-01");

        assertThat(outcome.clearsOn()).isEqualTo(d("2022-01-01"));
        assertThat(english(outcome)).contains("2019 no grade recorded");
    }

    @Test
    void lastYearsGradeNotYetRecordedKeepsTheRuleOpenWithoutADate() {
        CadreFacts facts = inRank("一级主任科员", "2016-01-01", 2016).with(grade(2017, AnnualGrade.COMPETENT));

        RuleOutcome waiting = rankYears(facts, "2018-01-19");

        assertThat(waiting.passed()).isFalse();
        assertThat(waiting.clearsOn()).isNull();
        assertThat(english(waiting)).contains("2017 grade is not yet recorded");
        assertThat(rankYears(facts, "2018-01-20").passed()).isTrue();
    }

    @Test
    void aBadPartYearWhenTheRankWasConferredCountsOnlyTheDaysMissed() {
        CadreFacts facts = inRank("一级主任科员", "2020-07-01", 2021).with(grade(2020, AnnualGrade.BASICALLY_COMPETENT));

        assertThat(rankYears(facts, "2022-06-01").clearsOn()).isEqualTo(d("2023-01-01"));
    }

    @Test
    void aRevokedBadGradeNoLongerExtends() {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01", 2021)
                .with(grade(2020, AnnualGrade.BASICALLY_COMPETENT))
                .with(revoked("evt-grade-2020", "2021-05-01"))
                .with(new GradeRecord(2020, AnnualGrade.COMPETENT, d("2021-05-01"), Fixtures.noon("2021-05-01"),
                        "evt-grade-2020-review"));

        assertThat(rankYears(facts, "2022-03-01").passed()).isTrue();
    }

    @ParameterizedTest(name = "{0} in 2020 puts the rank requirement at {1}")
    @CsvSource({
            "PARTY_WARNING, 2021-01-01",
            "GOVERNMENT_WARNING, 2021-01-01",
            "ORGANISATIONAL_REASSIGNMENT, 2021-01-01",
            "ORGANISATIONAL_ADMONISHMENT, 2021-01-01",
            "PARTY_SERIOUS_WARNING, 2022-01-01",
            "GOVERNMENT_DEMERIT, 2022-01-01",
            "GOVERNMENT_MAJOR_DEMERIT, 2023-01-01",
            "GOVERNMENT_DEMOTION, 2023-01-01",
            "GOVERNMENT_REMOVAL, 2023-01-01",
            "PARTY_REMOVAL_FROM_POST, 2022-01-01",
            "PARTY_EXPULSION, 2022-01-01"})
    void sanctionsChangeTheYearsThatCount(SanctionKind kind, String met) {
        CadreFacts facts = inRank("一级主任科员", "2019-01-01", 2019).with(sanction("s1", kind, "2020-03-01"));

        RuleOutcome outcome = rankYears(facts, "2020-12-01");

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.clearsOn()).isEqualTo(d(met));
    }

    @ParameterizedTest(name = "{0}: the year counts but an 优秀 counts as 称职")
    @EnumSource(value = SanctionKind.class, names = {"PARTY_WARNING", "GOVERNMENT_WARNING",
            "ORGANISATIONAL_REASSIGNMENT"})
    void warningsAndReassignmentRuleOutExcellent(SanctionKind kind) {
        CadreFacts facts = inRank("一级主任科员", "2020-01-01").with(grade(2020, AnnualGrade.EXCELLENT))
                .with(sanction("s1", kind, "2020-03-01"));

        RuleOutcome outcome = rankYears(facts, "2021-06-01");

        assertThat(outcome.clearsOn()).isEqualTo(d("2022-01-01"));
        assertThat(english(outcome)).contains("2020 competent (recorded: excellent");
    }

    @Test
    void aRecordedGradeDoesNotOverrideNoGradeAfterASeriousWarning() {
        CadreFacts facts = inRank("一级主任科员", "2019-01-01", 2019, 2020, 2021)
                .with(sanction("s1", SanctionKind.PARTY_SERIOUS_WARNING, "2020-03-01"));

        RuleOutcome outcome = rankYears(facts, "2021-06-01");

        assertThat(outcome.clearsOn()).isEqualTo(d("2022-01-01"));
        assertThat(english(outcome)).contains("2020 ungraded");
        assertThat(outcome.eventIds()).contains("evt-grade-2020", "evt-s1");
    }

    @Test
    void probationMakesTheYearIncompetent() {
        CadreFacts facts = inRank("一级主任科员", "2019-01-01", 2019, 2020)
                .with(Fixtures.probation("s1", 12, "2020-03-01"));

        RuleOutcome outcome = rankYears(facts, "2021-06-01");

        assertThat(outcome.clearsOn()).isEqualTo(d("2022-01-01"));
        assertThat(english(outcome)).contains("2020 incompetent");
    }

    @Test
    void anOpenInvestigationBlocksRankPromotion() {
        CadreFacts facts = inRank("一级主任科员", "2016-01-01", 2016, 2017, 2018)
                .with(investigation("i1", "2019-03-01"));

        Eligibility answer = ENGINE.evaluate(facts, RANK, d("2019-06-01"));

        assertThat(answer.eligible()).isFalse();
        assertThat(answer.blockers()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INVESTIGATION);
        assertThat(answer.earliestClearDate()).isNull();
    }

    @Test
    void theWalkThroughTheYearsInRankIsBoundedWhateverTheDates() {
        // Every year after 2016 has no grade recorded, so each one pushes the requirement back a year: the walk
        // would follow asOf as far as it goes. It stops after RankYears.MAX_YEARS_WALKED years and says so.
        RuleOutcome farFuture = rankYears(inRank("二级科员", "2016-07-01"), "+999999999-12-31");
        assertThat(farFuture.passed()).isFalse();
        assertThat(farFuture.clearsOn()).isNull();
        assertThat(english(farFuture)).contains("cannot be judged").hasSizeLessThan(1_000);

        RuleOutcome farPast = rankYears(inRank("二级科员", "-999999999-01-01"), "2024-01-01");
        assertThat(farPast.passed()).isFalse();
        assertThat(english(farPast)).contains("cannot be judged");

        // within the served years the walk is whole: each missing grade pushes the date back a year
        RuleOutcome lastServedDay = rankYears(inRank("二级科员", "2016-07-01"), "2200-12-31");
        assertThat(lastServedDay.passed()).isFalse();
        assertThat(english(lastServedDay)).doesNotContain("cannot be judged").contains("2198 no grade recorded does not count");
        assertThat(lastServedDay.clearsOn()).isAfter(d("2200-12-31"));
    }
}
