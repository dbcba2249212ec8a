package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.english;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.frontline;
import static cn.ledger.query.eligibility.Fixtures.grade;
import static cn.ledger.query.eligibility.Fixtures.post;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.SanctionKind;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeadershipPostTest {

    private static final Purpose COUNTY_DEPUTY = Purpose.leadershipPost("县处副");
    private static final Purpose COUNTY_PRINCIPAL = Purpose.leadershipPost("县处正");

    /** A 乡科正 since 2015 with frontline service and a 称职 grade for 2023: eligible for 县处副 in 2024. */
    private static CadreFacts principal() {
        return Fixtures.cadre()
                .with(post("乡科正", "2015-01-01"))
                .with(frontline("f1", FrontlineKind.PETITIONS, "2016-03-01"))
                .with(grade(2023, AnnualGrade.COMPETENT));
    }

    private static RuleOutcome rule(Eligibility answer, String code) {
        return answer.rule(code).orElseThrow();
    }

    @Test
    void aQualifiedPrincipalIsEligibleForTheHigherDeputyPost() {
        Eligibility answer = ENGINE.evaluate(principal(), COUNTY_DEPUTY, d("2024-03-01"));

        assertThat(answer.eligible()).isTrue();
        assertThat(answer.target()).isEqualTo("县处副");
        assertThat(answer.cadreId()).isEqualTo("cadre-1");
        assertThat(answer.policyVersion()).isEqualTo("defaults-1");
        assertThat(answer.earliestClearDate()).isEqualTo(d("2024-03-01"));
        assertThat(answer.rules()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INFLUENCE_PERIOD,
                RuleCodes.INVESTIGATION, RuleCodes.LAST_YEAR_GRADE, RuleCodes.YEARS_IN_POST, RuleCodes.WORK_YEARS,
                RuleCodes.GRASSROOTS_YEARS, RuleCodes.FRONTLINE);
    }

    @Test
    void countyConditionsApplyOnlyToCountyLevelTargets() {
        CadreFacts deputy = Fixtures.cadre().with(post("乡科副", "2018-01-01"));

        Eligibility answer = ENGINE.evaluate(deputy, Purpose.leadershipPost("乡科正"), d("2024-03-01"));

        assertThat(answer.rules()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INFLUENCE_PERIOD,
                RuleCodes.INVESTIGATION, RuleCodes.LAST_YEAR_GRADE, RuleCodes.YEARS_IN_POST);
        assertThat(answer.eligible()).isTrue();
    }

    @Test
    void lastYearBasicallyCompetentBlocksWithNoKnowableClearingDate() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"))
                .with(frontline("f1", FrontlineKind.PETITIONS, "2016-03-01"))
                .with(grade(2023, AnnualGrade.BASICALLY_COMPETENT));

        Eligibility answer = ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01"));

        RuleOutcome grade = rule(answer, RuleCodes.LAST_YEAR_GRADE);
        assertThat(answer.eligible()).isFalse();
        assertThat(grade.passed()).isFalse();
        assertThat(english(grade)).contains("basically competent");
        assertThat(grade.eventIds()).containsExactly("evt-grade-2023");
        assertThat(grade.clearsOn()).isNull();
        assertThat(answer.earliestClearDate()).isNull();
    }

    @Test
    void lastYearIncompetentBlocks() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"))
                .with(grade(2023, AnnualGrade.INCOMPETENT));

        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.LAST_YEAR_GRADE).passed())
                .isFalse();
    }

    @Test
    void onlyLastYearsGradeCounts() {
        CadreFacts facts = principal().with(grade(2022, AnnualGrade.INCOMPETENT));

        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.LAST_YEAR_GRADE).passed())
                .isTrue();
    }

    @Test
    void aMissingGradePasses() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"));

        RuleOutcome grade = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.LAST_YEAR_GRADE);

        assertThat(grade.passed()).isTrue();
        assertThat(english(grade)).contains("No grade recorded");
    }

    @Test
    void aGradeDecidedAfterAsOfIsNotYetLastYearsGrade() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"))
                .with(grade(2023, AnnualGrade.BASICALLY_COMPETENT));

        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-01-19")), RuleCodes.LAST_YEAR_GRADE).passed())
                .isTrue();
        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-01-20")), RuleCodes.LAST_YEAR_GRADE).passed())
                .isFalse();
    }

    @Test
    void aRevokedGradeNoLongerBlocks() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"))
                .with(grade(2023, AnnualGrade.INCOMPETENT))
                .with(revoked("evt-grade-2023", "2024-02-15"));

        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.LAST_YEAR_GRADE).passed())
                .isTrue();
    }

    @Test
    void aRemovalFromPartyPostMakesThatYearIncompetent() {
        CadreFacts facts = principal()
                .with(sanction("s1", SanctionKind.PARTY_REMOVAL_FROM_POST, "2023-05-01"));

        RuleOutcome grade = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2025-06-01")), RuleCodes.LAST_YEAR_GRADE);
        RuleOutcome sameYear = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")),
                RuleCodes.LAST_YEAR_GRADE);

        assertThat(grade.passed()).isTrue();
        assertThat(sameYear.passed()).isFalse();
        assertThat(english(sameYear)).contains("incompetent", "recorded: competent");
        assertThat(sameYear.eventIds()).containsExactly("evt-grade-2023", "evt-s1");
    }

    @Test
    void deputyNeedsTwoYearsBeforeThePrincipalPostAtTheSameLevel() {
        CadreFacts facts = principal().with(post("县处副", "2021-06-01"));

        Eligibility dayBefore = ENGINE.evaluate(facts, COUNTY_PRINCIPAL, d("2023-05-31"));
        Eligibility onTheDay = ENGINE.evaluate(facts, COUNTY_PRINCIPAL, d("2023-06-01"));

        RuleOutcome blocked = rule(dayBefore, RuleCodes.YEARS_IN_POST);
        assertThat(blocked.passed()).isFalse();
        assertThat(blocked.clearsOn()).isEqualTo(d("2023-06-01"));
        assertThat(blocked.eventIds()).containsExactly("evt-post-2021-06-01");
        assertThat(dayBefore.earliestClearDate()).isEqualTo(d("2023-06-01"));
        assertThat(rule(onTheDay, RuleCodes.YEARS_IN_POST).passed()).isTrue();
    }

    @Test
    void lowerPrincipalNeedsThreeYearsBeforeTheHigherDeputyPost() {
        CadreFacts facts = principal().with(post("乡科正", "2020-06-01"));

        RuleOutcome dayBefore = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2023-05-31")), RuleCodes.YEARS_IN_POST);

        assertThat(dayBefore.passed()).isFalse();
        assertThat(dayBefore.clearsOn()).isEqualTo(d("2023-06-01"));
        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2023-06-01")), RuleCodes.YEARS_IN_POST).passed())
                .isTrue();
    }

    @Test
    void deputyToPrincipalAtTownshipLevelAlsoNeedsTwoYears() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科副", "2022-09-01"));

        RuleOutcome outcome = rule(ENGINE.evaluate(facts, Purpose.leadershipPost("乡科正"), d("2024-01-01")),
                RuleCodes.YEARS_IN_POST);

        assertThat(outcome.clearsOn()).isEqualTo(d("2024-09-01"));
    }

    @Test
    void skippingALevelIsNotARegularStep() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科副", "2010-01-01"));

        RuleOutcome outcome = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.YEARS_IN_POST);

        assertThat(outcome.passed()).isFalse();
        assertThat(english(outcome)).contains("skips a level");
        assertThat(outcome.clearsOn()).isNull();
    }

    @Test
    void aPostAppointedAfterAsOfIsNotTheCurrentPost() {
        CadreFacts facts = principal().with(post("县处副", "2024-06-01"));

        RuleOutcome outcome = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.YEARS_IN_POST);

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.eventIds()).containsExactly("evt-post-2015-01-01");
    }

    @Test
    void countyLevelPostsNeedFiveYearsOfWork() {
        CadreFacts facts = CadreFacts.of("cadre-2", d("2019-09-01"), 4, d("2019-09-01"))
                .with(post("乡科正", "2015-01-01"));

        RuleOutcome dayBefore = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-08-31")), RuleCodes.WORK_YEARS);

        assertThat(dayBefore.passed()).isFalse();
        assertThat(dayBefore.clearsOn()).isEqualTo(d("2024-09-01"));
        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-09-01")), RuleCodes.WORK_YEARS).passed())
                .isTrue();
    }

    @Test
    void countyLevelPostsNeedTwoGrassrootsYears() {
        CadreFacts one = CadreFacts.of("cadre-2", d("2005-07-01"), 1, d("2015-01-01"));
        CadreFacts two = CadreFacts.of("cadre-3", d("2005-07-01"), 2, d("2015-01-01"));

        RuleOutcome blocked = rule(ENGINE.evaluate(one, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.GRASSROOTS_YEARS);

        assertThat(blocked.passed()).isFalse();
        assertThat(blocked.clearsOn()).isNull();
        assertThat(rule(ENGINE.evaluate(two, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.GRASSROOTS_YEARS).passed())
                .isTrue();
    }

    @Test
    void countyLevelPostsNeedAFrontlinePostingStartedByAsOf() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"))
                .with(frontline("f1", FrontlineKind.SUPERVISION, "2024-04-01"));

        RuleOutcome before = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-31")), RuleCodes.FRONTLINE);
        RuleOutcome after = rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-04-01")), RuleCodes.FRONTLINE);

        assertThat(before.passed()).isFalse();
        assertThat(before.clearsOn()).isNull();
        assertThat(after.passed()).isTrue();
        assertThat(after.eventIds()).containsExactly("evt-f1");
    }

    @Test
    void frontlineRequirementCanBeSwitchedOff() {
        CadreFacts facts = Fixtures.cadre().with(post("乡科正", "2015-01-01"));
        EligibilityEngine engine = new EligibilityEngine(
                EligibilityPolicy.defaults().withFrontline(false, EnumSet.allOf(FrontlineKind.class)));

        RuleOutcome outcome = rule(engine.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.FRONTLINE);

        assertThat(outcome.passed()).isTrue();
        assertThat(english(outcome)).contains("not required");
        assertThat(rule(ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.FRONTLINE).passed())
                .isFalse();
    }

    @Test
    void onlyFrontlineKindsThePolicyCountsQualify() {
        CadreFacts facts = principal();
        EligibilityEngine supervisionOnly = new EligibilityEngine(
                EligibilityPolicy.defaults().withFrontline(true, Set.of(FrontlineKind.SUPERVISION)));

        assertThat(rule(supervisionOnly.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.FRONTLINE)
                .passed()).isFalse();
        assertThat(rule(supervisionOnly.evaluate(facts.with(frontline("f2", FrontlineKind.SUPERVISION,
                "2019-01-01")), COUNTY_DEPUTY, d("2024-03-01")), RuleCodes.FRONTLINE).passed()).isTrue();
    }

    @Test
    void theLatestClearingDateOfDatedBlockersIsTheEarliestClearDate() {
        CadreFacts facts = principal()
                .with(post("乡科正", "2022-01-01"))
                .with(sanction("s1", SanctionKind.PARTY_SERIOUS_WARNING, "2023-11-01"));

        Eligibility answer = ENGINE.evaluate(facts, COUNTY_DEPUTY, d("2024-03-01"));

        assertThat(answer.eligible()).isFalse();
        assertThat(answer.blockers()).extracting(RuleOutcome::rule)
                .containsExactly(RuleCodes.INFLUENCE_PERIOD, RuleCodes.YEARS_IN_POST);
        assertThat(answer.earliestClearDate()).isEqualTo(LocalDate.of(2025, 5, 1));
    }
}
