package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.grade;
import static cn.ledger.query.eligibility.Fixtures.noon;
import static cn.ledger.query.eligibility.Fixtures.rank;
import static cn.ledger.query.eligibility.Fixtures.revokedRecordedLate;
import static cn.ledger.query.eligibility.Fixtures.sanction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.SanctionKind;
import org.junit.jupiter.api.Test;

/** The same question asked for an earlier date, or as known earlier, gives the answer true then. */
class AsOfHistoryTest {

    private static final Purpose RANK = Purpose.rankPromotion();

    /** 一级主任科员 since 2018, a 严重警告 in mid 2020 revoked on appeal in 2021, learnt a month late. */
    private static CadreFacts history() {
        return Fixtures.cadre()
                .with(rank("一级主任科员", "2018-01-01"))
                .with(grade(2018, AnnualGrade.COMPETENT))
                .with(grade(2019, AnnualGrade.COMPETENT))
                .with(sanction("s1", SanctionKind.PARTY_SERIOUS_WARNING, "2020-06-01"))
                .with(grade(2020, AnnualGrade.COMPETENT))
                .with(revokedRecordedLate("s1", "2021-03-01", "2021-04-01"));
    }

    @Test
    void beforeTheSanctionTheCadreWasEligible() {
        Eligibility answer = ENGINE.evaluate(history(), RANK, d("2020-05-31"));

        assertThat(answer.eligible()).isTrue();
        assertThat(answer.target()).isEqualTo("四级调研员");
    }

    @Test
    void whileTheSanctionStoodTheCadreWasBlocked() {
        Eligibility answer = ENGINE.evaluate(history(), RANK, d("2021-02-28"));

        assertThat(answer.eligible()).isFalse();
        assertThat(answer.rule(RuleCodes.INFLUENCE_PERIOD).orElseThrow().clearsOn()).isEqualTo(d("2021-12-01"));
        assertThat(answer.blockers()).extracting(RuleOutcome::rule).containsExactly(RuleCodes.INFLUENCE_PERIOD);
    }

    @Test
    void afterTheRevocationButBeforeTheLedgerLearntItTheCadreWasStillBlocked() {
        Eligibility answer = ENGINE.evaluate(history(), RANK, d("2021-03-15"), noon("2021-03-15"));

        assertThat(answer.eligible()).isFalse();
    }

    @Test
    void asKnownNowTheRevocationAppliesFromItsEffectiveDate() {
        Eligibility answer = ENGINE.evaluate(history(), RANK, d("2021-03-15"));

        assertThat(answer.eligible()).isTrue();
        assertThat(answer.knownAt()).isNull();
        assertThat(answer.asOf()).isEqualTo(d("2021-03-15"));
        assertThat(answer.purpose()).isEqualTo(RANK);
    }
}
