package cn.ledger.query.eligibility;

import static cn.ledger.query.eligibility.Fixtures.ENGINE;
import static cn.ledger.query.eligibility.Fixtures.english;
import static cn.ledger.query.eligibility.Fixtures.d;
import static cn.ledger.query.eligibility.Fixtures.investigation;
import static cn.ledger.query.eligibility.Fixtures.noon;
import static cn.ledger.query.eligibility.Fixtures.revoked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvestigationTest {

    private static final Purpose POST = Purpose.leadershipPost("乡科正");

    private static RuleOutcome outcome(CadreFacts facts, String asOf, Instant knownAt) {
        return ENGINE.evaluate(facts, POST, d(asOf), knownAt).rule(RuleCodes.INVESTIGATION).orElseThrow();
    }

    @Test
    void anOpenInvestigationBlocksWithoutAClearingDate() {
        CadreFacts facts = Fixtures.cadre().with(investigation("i1", "2023-04-01"));

        RuleOutcome open = outcome(facts, "2023-04-01", null);

        assertThat(open.passed()).isFalse();
        assertThat(open.clearsOn()).isNull();
        assertThat(open.eventIds()).containsExactly("evt-i1");
        assertThat(english(open)).contains("Under investigation");
        assertThat(outcome(facts, "2023-03-31", null).passed()).isTrue();
    }

    @Test
    void aClosedInvestigationNoLongerBlocksFromItsClosingDay() {
        CadreFacts facts = Fixtures.cadre().with(investigation("i1", "2023-04-01")
                .closed(d("2023-09-01"), noon("2023-09-01"), "evt-i1-closed"));

        assertThat(outcome(facts, "2023-08-31", null).passed()).isFalse();
        RuleOutcome closed = outcome(facts, "2023-09-01", null);
        assertThat(closed.passed()).isTrue();
        assertThat(closed.eventIds()).containsExactly("evt-i1", "evt-i1-closed");
    }

    @Test
    void aClosingLearntAfterKnownAtLeavesTheInvestigationOpen() {
        CadreFacts facts = Fixtures.cadre().with(investigation("i1", "2023-04-01"))
                .replacing("i1", i -> i.closed(d("2023-09-01"), noon("2023-10-15"), "evt-i1-closed"));

        assertThat(outcome(facts, "2023-09-15", noon("2023-10-01")).passed()).isFalse();
        assertThat(outcome(facts, "2023-09-15", noon("2023-10-15")).passed()).isTrue();
    }

    @Test
    void anInvestigationLearntAfterKnownAtDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(
                Investigation.open("i1", d("2023-04-01"), noon("2023-05-01"), "evt-i1"));

        assertThat(outcome(facts, "2023-04-15", noon("2023-04-30")).passed()).isTrue();
        assertThat(outcome(facts, "2023-04-15", noon("2023-05-01")).passed()).isFalse();
    }

    @Test
    void aRevokedInvestigationDoesNotBlock() {
        CadreFacts facts = Fixtures.cadre().with(investigation("i1", "2023-04-01")).with(revoked("i1", "2023-05-01"));

        assertThat(outcome(facts, "2023-06-01", null).passed()).isTrue();
    }

    @Test
    void aClosingNeedsItsDateInstantAndEvent() {
        assertThatThrownBy(() -> new Investigation("i1", d("2023-04-01"), noon("2023-04-01"), "evt-i1",
                d("2023-09-01"), null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
