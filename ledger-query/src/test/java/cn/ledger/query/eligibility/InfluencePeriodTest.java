package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.english;
import static cn.ledger.query.eligibility.Fixtures.cadre;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.noon;
import static cn.ledger.query.eligibility.Fixtures.post;
import static cn.ledger.query.eligibility.Fixtures.probation;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static cn.ledger.query.eligibility.Fixtures.revokedRecordedLate;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static cn.ledger.query.eligibility.Fixtures.sanctionRecordedLate;
import static cn.ledger.query.eligibility.Fixtures.tolerated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.contract.SanctionKind;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InfluencePeriodTest {

    private static final Purpose LEADERSHIP = Purpose.leadershipPost("乡科正");
    private static final Purpose RANK = Purpose.rankPromotion();

    private static RuleOutcome influence(CadreFacts facts, Purpose purpose, String asOf) {
        return ENGINE.evaluate(facts, purpose, d(asOf)).rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
    }

    /** The table's months, for a cadre who held the target level (乡科正) before the measure. */
    @ParameterizedTest(name = "{0} blocks {1} months for a post at the level held, {2} for rank")
    @CsvSource({
            "PARTY_WARNING, 12, 12",
            "PARTY_SERIOUS_WARNING, 18, 18",
            "PARTY_REMOVAL_FROM_POST, 24, 24",
            "PARTY_EXPULSION, 60, 60",
            "GOVERNMENT_WARNING, 6, 6",
            "GOVERNMENT_DEMERIT, 12, 12",
            "GOVERNMENT_MAJOR_DEMERIT, 18, 18",
            "GOVERNMENT_DEMOTION, 24, 24",
            "GOVERNMENT_REMOVAL, 24, 24",
            "ORGANISATIONAL_ADMONISHMENT, 6, 6",
            "ORGANISATIONAL_REASSIGNMENT, 12, 12",
            "ORGANISATIONAL_ORDERED_TO_RESIGN, 12, 24",
            "ORGANISATIONAL_REMOVAL, 12, 24",
            "ORGANISATIONAL_DEMOTION, 24, 24"})
    void blocksForTheTableMonths(SanctionKind kind, int leadershipMonths, int rankMonths) {
        CadreFacts facts = cadre().with(post("乡科正", "2018-01-01")).with(sanction("s1", kind, "2020-03-15"));
        LocalDate start = d("2020-03-15");

        assertBlockedUntil(facts, LEADERSHIP, start.plusMonths(leadershipMonths));
        assertBlockedUntil(facts, RANK, start.plusMonths(rankMonths));
    }

    @ParameterizedTest(name = "留党察看 with {0} months probation blocks {1} months")
    @CsvSource({"12, 36", "24, 48"})
    void probationBlocksItsProbationPlusTwentyFourMonths(int probationMonths, int months) {
        CadreFacts facts = cadre().with(probation("s1", probationMonths, "2020-03-15"));

        assertBlockedUntil(facts, RANK, d("2020-03-15").plusMonths(months));
    }

    @Test
    void rejectsProbationOtherThanTwelveOrTwentyFourMonths() {
        assertThatThrownBy(() -> probation("s1", 18, "2020-03-15")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sanction("s1", SanctionKind.PARTY_PROBATION, null, d("2020-03-15"),
                noon("2020-03-15"), "e")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sanction("s1", SanctionKind.PARTY_WARNING, 12, d("2020-03-15"),
                noon("2020-03-15"), "e")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void admonishmentMonthsComeFromThePolicy() {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, "2021-01-10"));
        EligibilityEngine nineMonths = new EligibilityEngine(
                EligibilityPolicy.defaults().withAdmonishmentMonths(9).withVersion("district-9"));

        Eligibility answer = nineMonths.evaluate(facts, RANK, d("2021-10-09"));

        assertThat(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().clearsOn()).isEqualTo(d("2021-10-10"));
        assertThat(answer.policyVersion()).isEqualTo("district-9");
        assertThat(nineMonths.evaluate(facts, RANK, d("2021-10-10")).rule(RuleCodes.INFLUENCE_PERIOD)
                .orElseThrow().passed()).isTrue();
    }

    @Test
    void blocksFromTheEffectiveDayUntilTheDayBeforeClearsOn() {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.PARTY_WARNING, "2020-03-15"));

        assertThat(influence(facts, RANK, "2020-03-14").passed()).isTrue();
        assertThat(influence(facts, RANK, "2020-03-15").passed()).isFalse();
        assertThat(influence(facts, RANK, "2021-03-14").passed()).isFalse();
        assertThat(influence(facts, RANK, "2021-03-15").passed()).isTrue();
    }

    @Test
    void monthsAreCalendarMonths() {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.GOVERNMENT_WARNING, "2023-08-31"));

        assertThat(influence(facts, RANK, "2024-02-28").clearsOn()).isEqualTo(d("2024-02-29"));
    }

    @Test
    void aSanctionDuringARunningPeriodAddsItsMonthsToTheTimeRemaining() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_WARNING, "2020-01-01"))
                .with(sanction("s2", SanctionKind.GOVERNMENT_DEMERIT, "2020-07-01"));

        RuleOutcome outcome = influence(facts, RANK, "2021-06-01");

        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.clearsOn()).isEqualTo(d("2022-01-01"));
        assertThat(outcome.eventIds()).containsExactly("evt-s1", "evt-s2");
        assertThat(influence(facts, RANK, "2021-12-31").passed()).isFalse();
        assertThat(influence(facts, RANK, "2022-01-01").passed()).isTrue();
    }

    @Test
    void aLighterSanctionDuringAHeavierPeriodStillExtendsIt() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_REMOVAL_FROM_POST, "2020-01-01"))
                .with(sanction("s2", SanctionKind.GOVERNMENT_WARNING, "2020-02-01"));

        assertThat(influence(facts, RANK, "2021-12-31").clearsOn()).isEqualTo(d("2022-07-01"));
    }

    @Test
    void aSanctionAfterThePeriodEndedStartsAFreshPeriod() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.GOVERNMENT_WARNING, "2020-01-01"))
                .with(sanction("s2", SanctionKind.GOVERNMENT_WARNING, "2020-07-01"));

        RuleOutcome outcome = influence(facts, RANK, "2020-12-31");

        assertThat(outcome.clearsOn()).isEqualTo(d("2021-01-01"));
        assertThat(outcome.eventIds()).containsExactly("evt-s2");
    }

    @Test
    void theCombinedPeriodNeverExceedsFortyEightMonths() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.GOVERNMENT_DEMOTION, "2020-01-01"))
                .with(sanction("s2", SanctionKind.PARTY_REMOVAL_FROM_POST, "2021-01-01"))
                .with(sanction("s3", SanctionKind.GOVERNMENT_MAJOR_DEMERIT, "2022-01-01"));

        RuleOutcome outcome = influence(facts, RANK, "2023-12-31");

        assertThat(outcome.clearsOn()).isEqualTo(d("2024-01-01"));
        assertThat(english(outcome)).contains("capped at 48 months");
        assertThat(influence(facts, RANK, "2024-01-01").passed()).isTrue();
    }

    @Test
    void underTheCapPeriodsAddUp() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.GOVERNMENT_DEMOTION, "2020-01-01"))
                .with(sanction("s2", SanctionKind.GOVERNMENT_DEMOTION, "2021-01-01"));

        assertThat(influence(facts, RANK, "2023-12-31").clearsOn()).isEqualTo(d("2024-01-01"));
        assertThat(english(influence(facts, RANK, "2023-12-31"))).doesNotContain("capped");
    }

    @Test
    void theCapDoesNotShortenExpulsionsOwnSixtyMonths() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_EXPULSION, "2020-01-01"))
                .with(sanction("s2", SanctionKind.GOVERNMENT_WARNING, "2020-02-01"));

        assertThat(influence(facts, RANK, "2024-06-01").clearsOn()).isEqualTo(d("2025-01-01"));
    }

    @Test
    void aRevokedSanctionDoesNotBlockFromTheRevocation() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_SERIOUS_WARNING, "2020-01-01"))
                .with(revoked("s1", "2020-05-01"));

        assertThat(influence(facts, RANK, "2020-04-30").passed()).isFalse();
        RuleOutcome after = influence(facts, RANK, "2020-05-01");
        assertThat(after.passed()).isTrue();
        assertThat(english(after)).contains("s1 revoked from");
        assertThat(after.eventIds()).contains("evt-rev-s1");
    }

    @Test
    void aToleratedSanctionDoesNotBlock() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_REASSIGNMENT, "2020-01-01"))
                .with(tolerated("s1", "2020-02-01"));

        RuleOutcome outcome = influence(facts, RANK, "2020-06-01");

        assertThat(outcome.passed()).isTrue();
        assertThat(english(outcome)).contains("tolerated as an honest mistake");
    }

    @Test
    void aRevokedSanctionNoLongerExtendsAnother() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_WARNING, "2020-01-01"))
                .with(sanction("s2", SanctionKind.PARTY_WARNING, "2020-06-01"))
                .with(revoked("s2", "2020-08-01"));

        assertThat(influence(facts, RANK, "2020-10-01").clearsOn()).isEqualTo(d("2021-01-01"));
    }

    @Test
    void ignoresASanctionTakingEffectAfterAsOf() {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.PARTY_WARNING, "2020-03-15"));

        RuleOutcome outcome = influence(facts, RANK, "2020-03-14");

        assertThat(outcome.passed()).isTrue();
        assertThat(outcome.eventIds()).isEmpty();
    }

    @Test
    void ignoresASanctionTheLedgerLearntAfterKnownAt() {
        CadreFacts facts = cadre().with(
                sanctionRecordedLate("s1", SanctionKind.PARTY_WARNING, "2020-03-15", "2020-04-10"));

        Eligibility asKnownThen = ENGINE.evaluate(facts, RANK, d("2020-04-01"), noon("2020-04-01"));
        Eligibility asKnownNow = ENGINE.evaluate(facts, RANK, d("2020-04-01"), noon("2020-04-10"));

        assertThat(asKnownThen.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isTrue();
        assertThat(asKnownThen.knownAt()).isEqualTo(noon("2020-04-01"));
        assertThat(asKnownNow.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isFalse();
    }

    @Test
    void doesNotApplyARevocationTheLedgerLearntAfterKnownAt() {
        CadreFacts facts = cadre()
                .with(sanction("s1", SanctionKind.PARTY_WARNING, "2020-01-01"))
                .with(revokedRecordedLate("s1", "2020-03-01", "2020-06-01"));

        Eligibility asKnownThen = ENGINE.evaluate(facts, RANK, d("2020-04-01"), noon("2020-05-01"));
        Eligibility asKnownNow = ENGINE.evaluate(facts, RANK, d("2020-04-01"), noon("2020-06-01"));

        assertThat(asKnownThen.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isFalse();
        assertThat(asKnownNow.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isTrue();
    }

    @Test
    void influencePeriodAppliesToEveryPurpose() {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.GOVERNMENT_WARNING, "2022-03-01"));

        assertThat(influence(facts, LEADERSHIP, "2022-04-01").passed()).isFalse();
        assertThat(influence(facts, RANK, "2022-04-01").passed()).isFalse();
        assertThat(influence(facts, Purpose.award(d("2021-01-01"), d("2021-12-31")), "2022-04-01").passed())
                .isFalse();
    }

    private static void assertBlockedUntil(CadreFacts facts, Purpose purpose, LocalDate end) {
        RuleOutcome dayBefore = influence(facts, purpose, end.minusDays(1).toString());
        assertThat(dayBefore.passed()).isFalse();
        assertThat(dayBefore.clearsOn()).isEqualTo(end);
        assertThat(dayBefore.eventIds()).containsExactly("evt-s1");
        assertThat(influence(facts, purpose, end.toString()).passed()).isTrue();
    }
}
