package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.admonishmentInterview;
import static cn.ledger.query.eligibility.Fixtures.cadre;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.interview;
import static cn.ledger.query.eligibility.Fixtures.linkedSanction;
import static cn.ledger.query.eligibility.Fixtures.post;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static cn.ledger.query.eligibility.Fixtures.tolerated;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 诫勉 (admonishment) is one measure, entered as an organisational-handling sanction or as a 诫勉谈话, or
 * both ways: either way it blocks for the months the policy sets (6 by default), and entered twice it
 * counts once.
 */
class AdmonishmentTest {

    private static final Purpose LEADERSHIP = Purpose.leadershipPost("乡科正");
    private static final Purpose RANK = Purpose.rankPromotion();
    private static final Purpose AWARD = Purpose.award(d("2023-01-01"), d("2023-12-31"));

    /** A 乡科副 since 2018 whose only record is the 诫勉 given on 2023-03-15, entered one way or the other. */
    static Stream<Arguments> eitherWayForEitherPurpose() {
        CadreFacts asInterview = cadre().with(post("乡科副", "2018-01-01"))
                .with(admonishmentInterview("i1", "2023-03-15", null));
        CadreFacts asSanction = cadre().with(post("乡科副", "2018-01-01"))
                .with(sanction("i1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-15"));
        return Stream.of(
                Arguments.of("admonishment talk", LEADERSHIP, asInterview), Arguments.of("admonishment talk", RANK, asInterview),
                Arguments.of("admonishment talk", AWARD, asInterview),
                Arguments.of("admonishment", LEADERSHIP, asSanction), Arguments.of("admonishment", RANK, asSanction),
                Arguments.of("admonishment", AWARD, asSanction));
    }

    @ParameterizedTest(name = "{0} effective 2023-03-15 blocks {1} until 2023-09-15")
    @MethodSource("eitherWayForEitherPurpose")
    void blocksFromItsEffectiveDayForSixMonths(String label, Purpose purpose, CadreFacts facts) {
        assertThat(influence(facts, purpose, "2023-03-14").passed()).isTrue();
        for (String blocked : new String[] {"2023-03-15", "2023-03-16", "2023-09-14"}) {
            RuleOutcome outcome = influence(facts, purpose, blocked);
            assertThat(outcome.passed()).as(blocked).isFalse();
            assertThat(outcome.clearsOn()).as(blocked).isEqualTo(d("2023-09-15"));
            assertThat(outcome.eventIds()).containsExactly("evt-i1");
            assertThat(Fixtures.english(outcome)).isEqualTo("An influence period runs until 15 September 2023: " + label
                    + " of 15 March 2023 (6 months)");
        }
        assertThat(influence(facts, purpose, "2023-09-15").passed()).isTrue();
        assertThat(influence(facts, purpose, "2023-09-16").passed()).isTrue();
        assertThat(Fixtures.english(influence(facts, purpose, "2023-09-15")))
                .isEqualTo("No influence period runs; the last one ended on 15 September 2023");
    }

    @Test
    void anInterviewOnlyCadreIsNotEligibleUntilTheClearingDate() {
        CadreFacts facts = cadre().with(post("乡科副", "2018-01-01"))
                .with(admonishmentInterview("i1", "2023-03-15", null));

        Eligibility during = ENGINE.evaluate(facts, LEADERSHIP, d("2023-09-14"));
        Eligibility after = ENGINE.evaluate(facts, LEADERSHIP, d("2023-09-15"));

        assertThat(during.eligible()).isFalse();
        assertThat(during.earliestClearDate()).isEqualTo(d("2023-09-15"));
        assertThat(after.eligible()).isTrue();
    }

    @Test
    void theInterviewsMonthsComeFromThePolicy() {
        CadreFacts facts = cadre().with(admonishmentInterview("i1", "2021-01-10", null));
        EligibilityEngine nineMonths = new EligibilityEngine(
                EligibilityPolicy.defaults().withAdmonishmentMonths(9).withVersion("district-9"));

        assertThat(nineMonths.evaluate(facts, RANK, d("2021-10-09")).rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow()
                .clearsOn()).isEqualTo(d("2021-10-10"));
        assertThat(nineMonths.evaluate(facts, RANK, d("2021-10-10")).rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow()
                .passed()).isTrue();
    }

    @ParameterizedTest(name = "a {0} carries no influence period")
    @CsvSource({"REMINDER", "FORMAL_TALK"})
    void otherInterviewsCarryNoPeriod(InterviewKind kind) {
        CadreFacts facts = cadre().with(interview("i1", kind, "2023-03-15"));

        RuleOutcome outcome = influence(facts, RANK, "2023-03-15");

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.eventIds()).isEmpty();
    }

    @Test
    void enteredBothWaysOnTheSameDayItCountsOnce() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-15"))
                .with(admonishmentInterview("i1", "2023-03-15", null));

        for (Purpose purpose : new Purpose[] {LEADERSHIP, RANK}) {
            RuleOutcome dayBefore = influence(facts, purpose, "2023-09-14");
            assertThat(dayBefore.passed()).isFalse();
            assertThat(dayBefore.clearsOn()).isEqualTo(d("2023-09-15"));
            assertThat(dayBefore.eventIds()).containsExactly("evt-s1", "evt-i1");
            assertThat(Fixtures.english(dayBefore)).isEqualTo("An influence period runs until 15 September 2023: "
                    + "admonishment of 15 March 2023, admonishment talk of 15 March 2023 (6 months, one measure)");
            assertThat(influence(facts, purpose, "2023-09-15").passed()).isTrue();
        }
        assertThat(ENGINE.influencePeriodEnds(facts, RANK, d("2023-06-01"), null))
                .containsEntry("s1", d("2023-09-15")).containsEntry("i1", d("2023-09-15")).hasSize(2);
    }

    @Test
    void linkedWithDifferentDatesItCountsOnceFromTheEarlierDay() {
        CadreFacts facts = cadre()
                .with(admonishmentInterview("i1", "2023-03-15", null))
                .with(linkedSanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-20", "i1"));

        RuleOutcome beforeTheSanction = influence(facts, RANK, "2023-03-17");
        assertThat(beforeTheSanction.clearsOn()).isEqualTo(d("2023-09-15"));
        assertThat(beforeTheSanction.eventIds()).containsExactly("evt-i1");
        for (Purpose purpose : new Purpose[] {LEADERSHIP, RANK}) {
            RuleOutcome dayBefore = influence(facts, purpose, "2023-09-14");
            assertThat(dayBefore.passed()).isFalse();
            assertThat(dayBefore.clearsOn()).isEqualTo(d("2023-09-15"));
            assertThat(dayBefore.eventIds()).containsExactly("evt-i1", "evt-s1");
            assertThat(Fixtures.english(dayBefore)).contains("admonishment talk of 15 March 2023, admonishment of 20 March 2023 (6 months, one measure)");
            assertThat(influence(facts, purpose, "2023-09-15").passed()).isTrue();
            assertThat(influence(facts, purpose, "2023-09-16").passed()).isTrue();
        }
    }

    @Test
    void aLinkGivenOnTheInterviewSideJoinsThemToo() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-15"))
                .with(admonishmentInterview("i1", "2023-04-01", "s1"));

        assertThat(influence(facts, RANK, "2023-09-14").clearsOn()).isEqualTo(d("2023-09-15"));
        assertThat(influence(facts, RANK, "2023-09-15").passed()).isTrue();
    }

    @Test
    void twoAdmonishmentsOnDifferentDaysNotLinkedAreTwoMeasures() {
        CadreFacts facts = cadre()
                .with(admonishmentInterview("i1", "2023-03-15", null))
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-04-01"));

        RuleOutcome outcome = influence(facts, RANK, "2023-09-15");

        assertThat(outcome.clearsOn()).isEqualTo(d("2024-03-15"));
        assertThat(Fixtures.english(outcome)).contains("added to the time remaining");
    }

    @Test
    void aRevokedOrToleratedInterviewStopsBlockingFromTheCorrection() {
        CadreFacts revokedOne = cadre().with(admonishmentInterview("i1", "2023-03-15", null))
                .with(revoked("i1", "2023-05-01"));
        CadreFacts toleratedOne = cadre().with(admonishmentInterview("i1", "2023-03-15", null))
                .with(tolerated("i1", "2023-05-01"));

        assertThat(influence(revokedOne, RANK, "2023-04-30").passed()).isFalse();
        RuleOutcome afterRevocation = influence(revokedOne, RANK, "2023-05-01");
        assertThat(afterRevocation.passed()).isTrue();
        assertThat(Fixtures.english(afterRevocation)).contains("i1 revoked from 1 May 2023");
        assertThat(afterRevocation.eventIds()).containsExactly("evt-rev-i1");
        assertThat(influence(toleratedOne, LEADERSHIP, "2023-04-30").passed()).isFalse();
        assertThat(influence(toleratedOne, LEADERSHIP, "2023-05-01").passed()).isTrue();
        assertThat(Fixtures.english(influence(toleratedOne, LEADERSHIP, "2023-05-01"))).contains("tolerated as an honest mistake");
    }

    @Test
    void aCorrectedRecordOfAMeasureEnteredTwiceLeavesTheOtherCounting() {
        CadreFacts facts = cadre()
                .with(admonishmentInterview("i1", "2023-03-15", "s1"))
                .with(linkedSanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-15", "i1"))
                .with(revoked("s1", "2023-05-01"));

        RuleOutcome outcome = influence(facts, RANK, "2023-06-01");
        assertThat(outcome.clearsOn()).isEqualTo(d("2023-09-15"));
        assertThat(outcome.eventIds()).containsExactly("evt-i1");
        assertThat(Fixtures.english(outcome)).contains("not counted: s1 revoked");

        CadreFacts both = facts.with(revoked("i1", "2023-06-01"));
        assertThat(influence(both, RANK, "2023-05-31").passed()).isFalse();
        assertThat(influence(both, RANK, "2023-06-01").passed()).isTrue();
    }

    @Test
    void anAwardIsBlockedByTheInterviewAsByTheSanctionAndListsTheMeasureOnce() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2023-03-15"))
                .with(admonishmentInterview("i1", "2023-03-15", null));
        CadreFacts interviewOnly = cadre().with(admonishmentInterview("i1", "2023-03-15", null));

        RuleOutcome both = ENGINE.evaluate(facts, AWARD, d("2024-01-10")).rule(RuleCodes.AWARD_SANCTIONS).orElseThrow();
        RuleOutcome one = ENGINE.evaluate(interviewOnly, AWARD, d("2024-01-10")).rule(RuleCodes.AWARD_SANCTIONS)
                .orElseThrow();

        assertThat(both.passed()).isFalse();
        assertThat(Fixtures.english(both)).isEqualTo("Sanctions in the period: admonishment of 15 March 2023, admonishment talk of 15 March 2023 (one measure)");
        assertThat(both.eventIds()).containsExactly("evt-s1", "evt-i1");
        assertThat(one.passed()).isFalse();
        assertThat(one.eventIds()).containsExactly("evt-i1");
    }

    private static RuleOutcome influence(CadreFacts facts, Purpose purpose, String asOf) {
        return ENGINE.evaluate(facts, purpose, d(asOf)).rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
    }
}
