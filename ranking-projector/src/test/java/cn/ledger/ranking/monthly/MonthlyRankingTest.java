package cn.ledger.ranking.monthly;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.ranking.monthly.MonthlyRanking.Outcome;
import cn.ledger.ranking.monthly.MonthlyRanking.Ranked;
import cn.ledger.ranking.monthly.MonthlyRanking.UnitMonth;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthlyRankingTest {

    static final RankingPolicy POLICY = new RankingPolicy("test-1", "2000-01", new BigDecimal("0.7"),
            new BigDecimal("0.3"), BigDecimal.ONE, new BigDecimal("0.5"),
            Map.of("STREET_OFFICE", 2, "DISTRICT_DEPARTMENT", 3), Map.of("STREET_OFFICE", 1, "DISTRICT_DEPARTMENT", 2));

    static UnitMonth office(String id, String evaluation) {
        return unit(id, "STREET_OFFICE", evaluation, 0, 0, 0, 0, "0", "0");
    }

    static UnitMonth department(String id, String evaluation) {
        return unit(id, "DISTRICT_DEPARTMENT", evaluation, 0, 0, 0, 0, "0", "0");
    }

    static UnitMonth unit(String id, String category, String evaluation, int due, int onTime, int late, int open,
            String positive, String negative) {
        return new UnitMonth(id, id, category, "district", new BigDecimal(evaluation), due, onTime, late, open,
                new BigDecimal(positive), new BigDecimal(negative));
    }

    static Ranked of(List<Ranked> ranking, String unitId) {
        return ranking.stream().filter(r -> r.unit().unitId().equals(unitId)).findFirst().orElseThrow();
    }

    @Test
    void composesTheScoreFromEvaluationAssignmentsAndEntries() {
        UnitMonth unit = unit("o1", "STREET_OFFICE", "90", 4, 2, 1, 1, "3", "5");
        Ranked r = MonthlyRanking.rank(List.of(unit), POLICY, 2).get(0);

        assertThat(r.evaluationPoints()).isEqualByComparingTo("63.00");        // 0.7 × 90
        assertThat(r.completionRate()).isEqualByComparingTo("0.6250");         // (2 + 0.5 × 1) / 4
        assertThat(r.assignmentPoints()).isEqualByComparingTo("18.75");        // 0.3 × 0.625 × 100
        assertThat(r.entryPoints()).isEqualByComparingTo("-2.00");             // 3 − 5
        assertThat(r.score()).isEqualByComparingTo("79.75");
    }

    @Test
    void nothingDueCountsAsFullCompletion() {
        Ranked r = MonthlyRanking.rank(List.of(office("o1", "80")), POLICY, 1).get(0);
        assertThat(r.completionRate()).isEqualByComparingTo("1");
        assertThat(r.score()).isEqualByComparingTo("86.00");
    }

    @Test
    void rewardsTheTopAndAsksTheBottomForAStatementPerCategory() {
        List<UnitMonth> units = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            units.add(office("o" + i, Integer.toString(100 - i)));            // o1 best … o5 worst
        }
        for (int i = 1; i <= 7; i++) {
            units.add(department("d" + i, Integer.toString(90 - i)));
        }
        List<Ranked> ranking = MonthlyRanking.rank(units, POLICY, 2);

        assertThat(ranking.stream().filter(r -> r.outcome() == Outcome.REWARD).map(r -> r.unit().unitId()))
                .containsExactly("d1", "d2", "d3", "o1", "o2");
        assertThat(ranking.stream().filter(r -> r.outcome() == Outcome.STATEMENT).map(r -> r.unit().unitId()))
                .containsExactly("d6", "d7", "o5");
        assertThat(ranking.stream().filter(Ranked::lastPlace).map(r -> r.unit().unitId()))
                .containsExactly("d7", "o5");
        assertThat(of(ranking, "o3").rank()).isEqualTo(3);
        assertThat(of(ranking, "o3").groupSize()).isEqualTo(5);
    }

    @Test
    void ranksTheChildrenOfEachParentSeparately() {
        UnitMonth a = new UnitMonth("a", "a", "STREET_OFFICE", "north", new BigDecimal("70"), 0, 0, 0, 0, null, null);
        UnitMonth b = new UnitMonth("b", "b", "STREET_OFFICE", "north", new BigDecimal("60"), 0, 0, 0, 0, null, null);
        UnitMonth c = new UnitMonth("c", "c", "STREET_OFFICE", "south", new BigDecimal("50"), 0, 0, 0, 0, null, null);
        UnitMonth d = new UnitMonth("d", "d", "STREET_OFFICE", "south", new BigDecimal("40"), 0, 0, 0, 0, null, null);
        List<Ranked> ranking = MonthlyRanking.rank(List.of(a, b, c, d), POLICY, 2);

        assertThat(of(ranking, "c").rank()).isEqualTo(1);
        assertThat(of(ranking, "b").lastPlace()).isTrue();
        assertThat(of(ranking, "d").lastPlace()).isTrue();
    }

    @Test
    void breaksEqualScoresByEvaluationThenCompletionRate() {
        // Same score 82: x ahead on evaluation; y ahead of z on completion rate.
        UnitMonth x = unit("x", "STREET_OFFICE", "80", 0, 0, 0, 0, "0", "4");     // 56 + 30 − 4 = 82
        UnitMonth y = unit("y", "STREET_OFFICE", "70", 0, 0, 0, 0, "3", "0");     // 49 + 30 + 3 = 82
        UnitMonth z = unit("z", "STREET_OFFICE", "70", 2, 1, 0, 1, "18", "0");    // 49 + 15 + 18 = 82
        List<Ranked> ranking = MonthlyRanking.rank(List.of(z, y, x), POLICY, 2);

        assertThat(of(ranking, "x").score()).isEqualByComparingTo("82.00");
        assertThat(of(ranking, "y").score()).isEqualByComparingTo("82.00");
        assertThat(of(ranking, "z").score()).isEqualByComparingTo("82.00");
        assertThat(ranking.stream().map(r -> r.unit().unitId())).containsExactly("x", "y", "z");
        assertThat(ranking.stream().map(Ranked::rank)).containsExactly(1, 2, 3);
    }

    @Test
    void unitsEqualOnEveryKeyShareARankAndTheListsTakeInTheWholeTie() {
        List<UnitMonth> units = List.of(department("d1", "90"), department("d2", "80"), department("d3", "80"),
                department("d4", "80"), department("d5", "70"), department("d6", "70"));
        List<Ranked> ranking = MonthlyRanking.rank(units, POLICY, 2);

        assertThat(ranking.stream().map(Ranked::rank)).containsExactly(1, 2, 2, 2, 5, 5);
        // Top 3 departments: rank 1 and everybody on rank 2.
        assertThat(ranking.stream().filter(r -> r.outcome() == Outcome.REWARD)).hasSize(4);
        // Bottom 2: the two sharing the last rank; both are in last place.
        assertThat(ranking.stream().filter(r -> r.outcome() == Outcome.STATEMENT).map(r -> r.unit().unitId()))
                .containsExactly("d5", "d6");
        assertThat(ranking.stream().filter(Ranked::lastPlace).map(r -> r.unit().unitId())).containsExactly("d5", "d6");
    }

    @Test
    void aStatementOutweighsAReward() {
        // Two offices: both in the top 2, but the last makes a statement instead.
        List<Ranked> ranking = MonthlyRanking.rank(List.of(office("o1", "90"), office("o2", "80")), POLICY, 2);
        assertThat(of(ranking, "o1").outcome()).isEqualTo(Outcome.REWARD);
        assertThat(of(ranking, "o2").outcome()).isEqualTo(Outcome.STATEMENT);
    }

    @Test
    void aGroupTooSmallIsRankedWithoutOutcomes() {
        List<Ranked> ranking = MonthlyRanking.rank(List.of(office("alone", "50")), POLICY, 2);
        assertThat(ranking.get(0).rank()).isEqualTo(1);
        assertThat(ranking.get(0).outcome()).isEqualTo(Outcome.NONE);
        assertThat(ranking.get(0).lastPlace()).isFalse();
    }
}
