package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.english;
import static cn.ledger.query.eligibility.Fixtures.card;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.negative;
import static cn.ledger.query.eligibility.Fixtures.noon;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static cn.ledger.query.eligibility.Fixtures.tolerated;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.SanctionKind;
import org.junit.jupiter.api.Test;

class AwardTest {

    private static final Purpose YEAR_2023 = Purpose.award(d("2023-01-01"), d("2023-12-31"));
    private static final String AS_OF = "2024-01-15";

    private static Eligibility award(CadreFacts facts) {
        return ENGINE.evaluate(facts, YEAR_2023, d(AS_OF));
    }

    private static RuleOutcome rule(CadreFacts facts, String code) {
        return award(facts).rule(code).orElseThrow();
    }

    @Test
    void aCleanRecordIsEligible() {
        Eligibility answer = award(Fixtures.cadre()
                .with(negative("n0", "2022-12-31"))
                .with(negative("n9", "2024-01-01"))
                .with(card("c1", "2023-Q2", CardColour.YELLOW, "2023-07-05"))
                .with(card("c2", "2022-Q4", CardColour.RED, "2023-01-05")));

        assertThat(answer.eligible()).isTrue();
        assertThat(answer.target()).isEqualTo("2023-01-01..2023-12-31");
        assertThat(answer.rules()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INFLUENCE_PERIOD,
                RuleCodes.AWARD_NEGATIVE_ENTRIES, RuleCodes.AWARD_SANCTIONS, RuleCodes.AWARD_RED_CARD);
    }

    @Test
    void aNegativeEntryInThePeriodBlocks() {
        RuleOutcome first = rule(Fixtures.cadre().with(negative("n1", "2023-01-01")), RuleCodes.AWARD_NEGATIVE_ENTRIES);
        RuleOutcome last = rule(Fixtures.cadre().with(negative("n2", "2023-12-31")), RuleCodes.AWARD_NEGATIVE_ENTRIES);

        assertThat(first.passed()).isFalse();
        assertThat(first.eventIds()).containsExactly("evt-n1");
        assertThat(first.clearsOn()).isNull();
        assertThat(last.passed()).isFalse();
    }

    @Test
    void aToleratedNegativeEntryDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(negative("n1", "2023-05-01")).with(tolerated("n1", "2023-09-01"));

        RuleOutcome outcome = rule(facts, RuleCodes.AWARD_NEGATIVE_ENTRIES);

        assertThat(outcome.passed()).isTrue();
        assertThat(english(outcome)).contains("n1 tolerated as an honest mistake");
        assertThat(outcome.eventIds()).containsExactly("evt-tol-n1");
    }

    @Test
    void aRevokedNegativeEntryDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(negative("n1", "2023-05-01")).with(revoked("n1", "2023-06-01"));

        assertThat(rule(facts, RuleCodes.AWARD_NEGATIVE_ENTRIES).passed()).isTrue();
    }

    @Test
    void aNegativeEntryLearntAfterKnownAtDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(
                new NegativeEntry("n1", 3, d("2023-11-01"), noon("2024-01-10"), "evt-n1"));

        Eligibility asKnownThen = ENGINE.evaluate(facts, YEAR_2023, d(AS_OF), noon("2024-01-05"));
        Eligibility asKnownNow = ENGINE.evaluate(facts, YEAR_2023, d(AS_OF), noon("2024-01-15"));

        assertThat(asKnownThen.eligible()).isTrue();
        assertThat(asKnownNow.eligible()).isFalse();
    }

    @Test
    void aNegativeEntryAfterAsOfDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(negative("n1", "2023-11-01"));

        assertThat(ENGINE.evaluate(facts, YEAR_2023, d("2023-10-31")).eligible()).isTrue();
        assertThat(ENGINE.evaluate(facts, YEAR_2023, d("2023-11-01")).eligible()).isFalse();
    }

    @Test
    void aSanctionInThePeriodBlocksEvenAfterItsInfluencePeriod() {
        CadreFacts facts = Fixtures.cadre().with(sanction("s1", SanctionKind.GOVERNMENT_WARNING, "2023-02-01"));

        Eligibility answer = award(facts);

        assertThat(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isTrue();
        RuleOutcome sanctions = answer.rule(RuleCodes.AWARD_SANCTIONS).orElseThrow();
        assertThat(sanctions.passed()).isFalse();
        assertThat(sanctions.eventIds()).containsExactly("evt-s1");
        assertThat(english(sanctions)).contains("government warning");
    }

    @Test
    void aSanctionBeforeThePeriodBlocksOnlyWhileItsInfluencePeriodRuns() {
        CadreFacts facts = Fixtures.cadre().with(sanction("s1", SanctionKind.PARTY_WARNING, "2022-06-01"));

        Eligibility answer = ENGINE.evaluate(facts, YEAR_2023, d("2023-05-31"));

        assertThat(answer.rule(RuleCodes.AWARD_SANCTIONS).orElseThrow().passed()).isTrue();
        assertThat(answer.blockers()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INFLUENCE_PERIOD);
        assertThat(answer.earliestClearDate()).isEqualTo(d("2023-06-01"));
        assertThat(ENGINE.evaluate(facts, YEAR_2023, d("2023-06-01")).eligible()).isTrue();
    }

    @Test
    void aRedCardForTheUnitInAQuarterOfThePeriodBlocks() {
        CadreFacts facts = Fixtures.cadre().with(card("c1", "2023-Q3", CardColour.RED, "2023-10-08"));

        RuleOutcome outcome = rule(facts, RuleCodes.AWARD_RED_CARD);

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.eventIds()).containsExactly("evt-c1");
        assertThat(english(outcome)).contains("2023-Q3", "red card");
    }

    @Test
    void aPeriodCoversEveryQuarterItTouches() {
        Purpose spring = Purpose.award(d("2023-02-15"), d("2023-04-10"));
        CadreFacts q2 = Fixtures.cadre().with(card("c1", "2023-Q2", CardColour.RED, "2023-07-08"));
        CadreFacts q3 = Fixtures.cadre().with(card("c2", "2023-Q3", CardColour.RED, "2023-10-08"));

        assertThat(ENGINE.evaluate(q2, spring, d(AS_OF)).rule(RuleCodes.AWARD_RED_CARD).orElseThrow().passed())
                .isFalse();
        assertThat(ENGINE.evaluate(q3, spring, d(AS_OF)).rule(RuleCodes.AWARD_RED_CARD).orElseThrow().passed())
                .isTrue();
    }

    @Test
    void aRevokedRedCardDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(card("c1", "2023-Q3", CardColour.RED, "2023-10-08"))
                .with(revoked("c1", "2023-11-01"));

        assertThat(rule(facts, RuleCodes.AWARD_RED_CARD).passed()).isTrue();
    }

    @Test
    void eachAwardConditionCanBeSwitchedOff() {
        CadreFacts facts = Fixtures.cadre()
                .with(negative("n1", "2023-05-01"))
                .with(sanction("s1", SanctionKind.GOVERNMENT_WARNING, "2023-02-01"))
                .with(card("c1", "2023-Q3", CardColour.RED, "2023-10-08"));
        EligibilityPolicy defaults = EligibilityPolicy.defaults();

        assertThat(blockersUnder(defaults.withAwardConditions(false, true, true), facts))
                .containsExactly(RuleCodes.AWARD_SANCTIONS, RuleCodes.AWARD_RED_CARD);
        assertThat(blockersUnder(defaults.withAwardConditions(true, false, true), facts))
                .containsExactly(RuleCodes.AWARD_NEGATIVE_ENTRIES, RuleCodes.AWARD_RED_CARD);
        assertThat(blockersUnder(defaults.withAwardConditions(true, true, false), facts))
                .containsExactly(RuleCodes.AWARD_NEGATIVE_ENTRIES, RuleCodes.AWARD_SANCTIONS);
        Eligibility none = new EligibilityEngine(defaults.withAwardConditions(false, false, false))
                .evaluate(facts, YEAR_2023, d(AS_OF));
        assertThat(none.eligible()).isTrue();
        assertThat(english(none.rule(RuleCodes.AWARD_RED_CARD).orElseThrow())).contains("not required");
    }

    private static java.util.List<String> blockersUnder(EligibilityPolicy policy, CadreFacts facts) {
        return new EligibilityEngine(policy).evaluate(facts, YEAR_2023, d(AS_OF)).blockers().stream()
                .map(RuleOutcome::rule).toList();
    }
}
