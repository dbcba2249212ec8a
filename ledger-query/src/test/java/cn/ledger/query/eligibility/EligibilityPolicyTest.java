package cn.ledger.query.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.contract.FrontlineKind;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EligibilityPolicyTest {

    @Test
    void defaultsAreTheNationalNumbersAndTheArticlesLocalPractice() {
        EligibilityPolicy defaults = EligibilityPolicy.defaults();

        assertThat(defaults.version()).isEqualTo("defaults-1");
        assertThat(defaults.admonishmentMonths()).isEqualTo(6);
        assertThat(defaults.frontlineRequiredForCounty()).isTrue();
        assertThat(defaults.countingFrontlineKinds()).containsExactlyInAnyOrder(FrontlineKind.values());
        assertThat(defaults.awardRequiresNoNegativeEntry()).isTrue();
        assertThat(defaults.awardRequiresNoSanction()).isTrue();
        assertThat(defaults.awardRequiresNoRedCard()).isTrue();
        assertThat(defaults.stepFrom("一级主任科员")).contains(new EligibilityPolicy.RankStep("一级主任科员", "四级调研员", 2));
        assertThat(defaults.stepFrom("一级巡视员")).isEmpty();
    }

    @Test
    void quartersParseAndCoverAPeriod() {
        assertThat(Quarter.parse("2023-Q3")).isEqualTo(new Quarter(2023, 3));
        assertThat(Quarter.of(LocalDate.parse("2023-10-01"))).hasToString("2023-Q4");
        assertThat(Quarter.covering(LocalDate.parse("2023-11-15"), LocalDate.parse("2024-02-01")))
                .extracting(Quarter::toString).containsExactly("2023-Q4", "2024-Q1");
        assertThatThrownBy(() -> Quarter.parse("2023-Q5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownPostLevels() {
        assertThatThrownBy(() -> Purpose.leadershipPost("县处级")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnAwardPeriodEndingBeforeItStarts() {
        assertThatThrownBy(() -> Purpose.award(LocalDate.parse("2023-12-31"), LocalDate.parse("2023-01-01")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
