package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.cadre;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.post;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.SanctionKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 责令辞职 / 免职: for one year no leadership post equal to the one held before, for two years none above
 * it, and no rank promotion for two years. The cadre was a 乡科副 (since 2018) when the measure took
 * effect on 2023-03-15.
 */
class ResignationOrRemovalTest {

    @ParameterizedTest(name = "{0}: {1} clears on {2}")
    @CsvSource({
            "ORGANISATIONAL_ORDERED_TO_RESIGN, 乡科正, 2025-03-15",
            "ORGANISATIONAL_REMOVAL, 乡科正, 2025-03-15",
            "ORGANISATIONAL_ORDERED_TO_RESIGN, 县处副, 2025-03-15",
            "ORGANISATIONAL_REMOVAL, 县处副, 2025-03-15",
            "ORGANISATIONAL_ORDERED_TO_RESIGN, 乡科副, 2024-03-15",
            "ORGANISATIONAL_REMOVAL, 乡科副, 2024-03-15",
            "ORGANISATIONAL_ORDERED_TO_RESIGN, RANK, 2025-03-15",
            "ORGANISATIONAL_REMOVAL, RANK, 2025-03-15"})
    void aPostAboveTheOneHeldBeforeAndRankWaitTwoYearsAnEqualPostOne(SanctionKind kind, String target,
            String clears) {
        CadreFacts facts = cadre().with(post("乡科副", "2018-01-01")).with(sanction("s1", kind, "2023-03-15"));
        Purpose purpose = target.equals("RANK") ? Purpose.rankPromotion() : Purpose.leadershipPost(target);

        assertBlockedUntil(facts, purpose, clears);
    }

    @ParameterizedTest(name = "{0}: a 乡科副 asking for 乡科正 is still blocked on 2024-03-15")
    @CsvSource({"ORGANISATIONAL_ORDERED_TO_RESIGN", "ORGANISATIONAL_REMOVAL"})
    void theHigherPostIsNotFreeAfterOneYear(SanctionKind kind) {
        CadreFacts facts = cadre().with(post("乡科副", "2018-01-01")).with(sanction("s1", kind, "2023-03-15"));

        Eligibility answer = ENGINE.evaluate(facts, Purpose.leadershipPost("乡科正"), d("2024-03-15"));

        assertThat(answer.eligible()).isFalse();
        assertThat(Fixtures.english(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow()))
                .isEqualTo("An influence period runs until 15 March 2025: "
                        + (kind == SanctionKind.ORGANISATIONAL_REMOVAL ? "removal from post" : "ordered to resign")
                        + " of 15 March 2023 (24 months)");
        assertThat(answer.earliestClearDate()).isEqualTo(d("2025-03-15"));
    }

    /** Compared with the post held before the measure, not one given afterwards (here a lower one the same day). */
    @ParameterizedTest(name = "held 乡科正 before, 乡科副 after: {0} clears on {1}")
    @CsvSource({"乡科正, 2024-03-15", "乡科副, 2024-03-15", "县处副, 2025-03-15"})
    void theLevelIsThePostHeldBeforeTheMeasure(String target, String clears) {
        CadreFacts facts = cadre().with(post("乡科正", "2019-01-01"))
                .with(sanction("s1", SanctionKind.ORGANISATIONAL_REMOVAL, "2023-03-15"))
                .with(post("乡科副", "2023-03-15"));

        assertBlockedUntil(facts, Purpose.leadershipPost(target), clears);
    }

    @ParameterizedTest(name = "no post known before the measure: {0} clears on 2025-03-15")
    @CsvSource({"乡科副", "乡科正"})
    void withNoPostKnownBeforeEveryTargetWaitsTwoYears(String target) {
        CadreFacts facts = cadre().with(sanction("s1", SanctionKind.ORGANISATIONAL_ORDERED_TO_RESIGN, "2023-03-15"));

        assertBlockedUntil(facts, Purpose.leadershipPost(target), "2025-03-15");
    }

    /** Blocked the day before {@code clears} with that clearing date; free on the day and the day after. */
    private static void assertBlockedUntil(CadreFacts facts, Purpose purpose, String clears) {
        RuleOutcome dayBefore = influence(facts, purpose, d(clears).minusDays(1).toString());
        assertThat(dayBefore.passed()).isFalse();
        assertThat(dayBefore.clearsOn()).isEqualTo(d(clears));
        assertThat(dayBefore.eventIds()).containsExactly("evt-s1");
        assertThat(influence(facts, purpose, clears).passed()).isTrue();
        assertThat(influence(facts, purpose, d(clears).plusDays(1).toString()).passed()).isTrue();
    }

    private static RuleOutcome influence(CadreFacts facts, Purpose purpose, String asOf) {
        return ENGINE.evaluate(facts, purpose, d(asOf)).rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
    }
}
