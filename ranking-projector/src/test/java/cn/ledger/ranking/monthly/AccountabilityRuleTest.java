package cn.ledger.ranking.monthly;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.ranking.monthly.AccountabilityRule.Due;
import java.time.YearMonth;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AccountabilityRuleTest {

    static TreeMap<YearMonth, Set<String>> months(Object... monthAndLast) {
        TreeMap<YearMonth, Set<String>> map = new TreeMap<>();
        for (int i = 0; i < monthAndLast.length; i += 2) {
            map.put(YearMonth.parse((String) monthAndLast[i]), (Set<String>) monthAndLast[i + 1]);
        }
        return map;
    }

    @Test
    void firesAfterExactlyTwoConsecutiveLastPlaces() {
        assertThat(AccountabilityRule.due(months("2023-07", Set.of("a"), "2023-08", Set.of("a")), 2))
                .containsExactly(new Due("a", YearMonth.parse("2023-08"), YearMonth.parse("2023-07")));
    }

    @Test
    void doesNotFireAfterOneLastPlace() {
        assertThat(AccountabilityRule.due(months("2023-07", Set.of("b"), "2023-08", Set.of("a")), 2)).isEmpty();
    }

    @Test
    void doesNotFireAcrossAMonthWithAnotherUnitLast() {
        assertThat(AccountabilityRule.due(
                months("2023-07", Set.of("a"), "2023-08", Set.of("b"), "2023-09", Set.of("a")), 2)).isEmpty();
    }

    @Test
    void doesNotFireAcrossAMonthThatIsNotClosed() {
        // 2023-08 is missing: not closed (or nobody ranked), so July and September are not consecutive.
        assertThat(AccountabilityRule.due(months("2023-07", Set.of("a"), "2023-09", Set.of("a")), 2)).isEmpty();
    }

    @Test
    void eachProcedureCoversItsOwnMonths() {
        var due = AccountabilityRule.due(months("2023-05", Set.of("a"), "2023-06", Set.of("a"),
                "2023-07", Set.of("a"), "2023-08", Set.of("a")), 2);
        assertThat(due).extracting(Due::month).containsExactly(YearMonth.parse("2023-06"), YearMonth.parse("2023-08"));
    }

    @Test
    void countsEveryUnitSharingLastPlace() {
        assertThat(AccountabilityRule.due(months("2023-12", Set.of("a", "b"), "2024-01", Set.of("a", "b")), 2))
                .extracting(Due::unitId).containsExactly("a", "b");
    }

    @Test
    void followsTheConfiguredRunLength() {
        var lastTwice = months("2023-07", Set.of("a"), "2023-08", Set.of("a"));
        assertThat(AccountabilityRule.due(lastTwice, 3)).isEmpty();
        lastTwice.put(YearMonth.parse("2023-09"), Set.of("a"));
        assertThat(AccountabilityRule.due(lastTwice, 3)).extracting(Due::firstMonth)
                .containsExactly(YearMonth.parse("2023-07"));
    }
}
