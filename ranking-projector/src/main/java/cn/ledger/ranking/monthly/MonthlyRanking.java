package cn.ledger.ranking.monthly;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ranking rules of the monthly review, as a pure function of a month's inputs.
 *
 * <p>Units are ranked within a group: the children of one parent that share a category (a district
 * ranks its street offices and, separately, its departments). Only units with an evaluation score
 * for the month are ranked. Order: higher composite score first; on equal scores the higher
 * evaluation score, then the higher completion rate; units equal on all three share a rank (1, 2, 2,
 * 4), and a shared rank at the edge of the reward or statement list takes in every unit on it.
 *
 * <p>Outcomes, only in groups of at least {@code minGroupSize} units: the bottom
 * {@code statement(category)} make a statement (表态发言); of the others, the top
 * {@code reward(category)} are rewarded. The units on the lowest rank are in last place, which the
 * accountability trigger counts.
 */
public final class MonthlyRanking {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MonthlyRanking() {}

    /** What the ledger holds for one unit and month. */
    public record UnitMonth(String unitId, String unitName, String category, String parentUnitId,
            BigDecimal evaluationScore, int assignmentsDue, int onTime, int late, int open,
            BigDecimal positivePoints, BigDecimal negativePoints) {
        public UnitMonth {
            Objects.requireNonNull(unitId, "unitId");
            Objects.requireNonNull(evaluationScore, "evaluationScore");
            positivePoints = positivePoints == null ? BigDecimal.ZERO : positivePoints;
            negativePoints = negativePoints == null ? BigDecimal.ZERO : negativePoints;
        }
    }

    public enum Outcome { REWARD, NONE, STATEMENT }

    /** One unit's place, with every component of its score. */
    public record Ranked(UnitMonth unit, int rank, int groupSize, BigDecimal score, BigDecimal evaluationPoints,
            BigDecimal completionRate, BigDecimal assignmentPoints, BigDecimal entryPoints, Outcome outcome,
            boolean lastPlace) {

        /** The same place and score, component by component: what a new version must differ in. */
        public boolean sameAs(Ranked other) {
            return rank == other.rank && groupSize == other.groupSize && score.compareTo(other.score) == 0
                    && outcome == other.outcome && lastPlace == other.lastPlace
                    && evaluationPoints.compareTo(other.evaluationPoints) == 0
                    && assignmentPoints.compareTo(other.assignmentPoints) == 0
                    && entryPoints.compareTo(other.entryPoints) == 0
                    && unit.assignmentsDue() == other.unit.assignmentsDue() && unit.onTime() == other.unit.onTime()
                    && unit.late() == other.unit.late() && unit.open() == other.unit.open()
                    && Objects.equals(unit.category(), other.unit.category())
                    && Objects.equals(unit.parentUnitId(), other.unit.parentUnitId());
        }
    }

    public static List<Ranked> rank(List<UnitMonth> units, RankingPolicy policy, int minGroupSize) {
        Map<String, List<Scored>> groups = new LinkedHashMap<>();
        units.stream()
                .sorted(Comparator.comparing(UnitMonth::unitId))
                .map(unit -> score(unit, policy))
                .forEach(s -> groups.computeIfAbsent(s.unit.parentUnitId() + "\u0000" + s.unit.category(),
                        k -> new ArrayList<>()).add(s));
        List<Ranked> result = new ArrayList<>();
        for (List<Scored> group : groups.values()) {
            group.sort(ORDER);
            int size = group.size();
            boolean outcomes = size >= minGroupSize;
            String category = group.get(0).unit.category();
            int rewarded = policy.rewardFor(category);
            int stating = policy.statementFor(category);
            int lowest = 1 + (int) group.stream().filter(o -> ORDER.compare(o, group.get(size - 1)) < 0).count();
            for (Scored s : group) {
                int rank = 1 + (int) group.stream().filter(o -> ORDER.compare(o, s) < 0).count();
                int fromBottom = 1 + (int) group.stream().filter(o -> ORDER.compare(o, s) > 0).count();
                Outcome outcome = Outcome.NONE;
                if (outcomes && fromBottom <= stating) {
                    outcome = Outcome.STATEMENT;
                } else if (outcomes && rank <= rewarded) {
                    outcome = Outcome.REWARD;
                }
                result.add(new Ranked(s.unit, rank, size, s.score, s.evaluationPoints, s.completionRate,
                        s.assignmentPoints, s.entryPoints, outcome, outcomes && rank == lowest));
            }
        }
        result.sort(Comparator.comparing((Ranked r) -> r.unit().category())
                .thenComparing(r -> String.valueOf(r.unit().parentUnitId()))
                .thenComparingInt(Ranked::rank)
                .thenComparing(r -> r.unit().unitId()));
        return List.copyOf(result);
    }

    private record Scored(UnitMonth unit, BigDecimal score, BigDecimal evaluationPoints, BigDecimal completionRate,
            BigDecimal assignmentPoints, BigDecimal entryPoints) {}

    /** Better first; equal when score, evaluation and completion rate are all equal. */
    private static final Comparator<Scored> ORDER = Comparator.comparing(Scored::score)
            .thenComparing(s -> s.unit.evaluationScore())
            .thenComparing(Scored::completionRate)
            .reversed();

    private static Scored score(UnitMonth unit, RankingPolicy policy) {
        BigDecimal rate = unit.assignmentsDue() == 0 ? BigDecimal.ONE
                : BigDecimal.valueOf(unit.onTime()).add(policy.lateCredit().multiply(BigDecimal.valueOf(unit.late())))
                        .divide(BigDecimal.valueOf(unit.assignmentsDue()), 4, RoundingMode.HALF_UP);
        BigDecimal evaluation = policy.evaluationWeight().multiply(unit.evaluationScore()).setScale(2, RoundingMode.HALF_UP);
        BigDecimal assignments = policy.assignmentWeight().multiply(rate).multiply(HUNDRED).setScale(2, RoundingMode.HALF_UP);
        BigDecimal entries = policy.entryWeight().multiply(unit.positivePoints().subtract(unit.negativePoints()))
                .setScale(2, RoundingMode.HALF_UP);
        return new Scored(unit, evaluation.add(assignments).add(entries), evaluation, rate, assignments, entries);
    }
}
