package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.SanctionKind;
import org.junit.jupiter.api.Test;

/**
 * Records entered as history — taking effect before the cadre's registration, recorded after it — count from their
 * own dates, and only once the ledger knows them.
 */
class HistoryFactsTest {

    private static final Purpose RANK = Purpose.rankPromotion();
    private static final String REGISTERED = "2026-06-01";
    private static final String IMPORTED = "2026-06-02";

    /** Registered on 1 June 2026; its past entered the next day: rank since 2021, grades, a 记过 of January 2026. */
    private static CadreFacts imported(String rankSince) {
        return CadreFacts.of("cadre-h", d("2005-07-01"), 4, d(REGISTERED))
                .with(new RankHeld("一级主任科员", d(rankSince), noon(IMPORTED), "evt-rank"))
                .with(new GradeRecord(2024, AnnualGrade.COMPETENT, d("2025-01-20"), noon(IMPORTED), "evt-g24"))
                .with(new GradeRecord(2025, AnnualGrade.COMPETENT, d("2026-01-20"), noon(IMPORTED), "evt-g25"))
                .with(new Sanction("s1", SanctionKind.GOVERNMENT_DEMERIT, null, d("2026-01-10"), noon(IMPORTED), "evt-s1"));
    }

    @Test
    void aSanctionFromBeforeTheRegistrationBlocksForItsMonthsFromItsOwnDate() {
        Eligibility answer = ENGINE.evaluate(imported("2021-07-01"), RANK, d("2026-06-15"));

        RuleOutcome influence = answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow();
        assertThat(influence.passed()).isFalse();
        assertThat(influence.clearsOn()).isEqualTo(d("2027-01-10"));
        assertThat(ENGINE.evaluate(imported("2021-07-01"), RANK, d("2027-01-10"))
                .rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isTrue();
    }

    @Test
    void asKnownBeforeTheHistoryWasEnteredTheAnswerIsWithoutIt() {
        Eligibility answer = ENGINE.evaluate(imported("2021-07-01"), RANK, d("2026-06-15"), noon(REGISTERED));

        assertThat(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().passed()).isTrue();
        assertThat(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().eventIds()).doesNotContain("evt-s1");
    }

    @Test
    void rankYearsCountFromTheTrueStartNotFromTheRegistration() {
        RuleOutcome trueDate = ENGINE.evaluate(imported("2021-07-01"), RANK, d("2027-02-01"))
                .rule(RuleCodes.RANK_YEARS).orElseThrow();
        RuleOutcome misDated = ENGINE.evaluate(imported(REGISTERED), RANK, d("2027-02-01"))
                .rule(RuleCodes.RANK_YEARS).orElseThrow();

        assertThat(trueDate.passed()).as(trueDate.toString()).isTrue();
        assertThat(misDated.passed()).as(misDated.toString()).isFalse();
    }
}
