package cn.ledger.ranking.monthly;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A versioned scoring policy for the monthly review. The composite score is
 * {@code evaluationWeight × evaluation score + assignmentWeight × completion rate × 100 +
 * entryWeight × (positive − negative points)}, where the completion rate of the assignments due in the
 * month counts an on-time completion as 1, a late one as {@code lateCredit}, an open one as 0 (and is
 * 1 when nothing was due).
 *
 * @param version   the name shown with every ranking made under it
 * @param from      the first month it applies to
 * @param reward    per unit category, how many from the top are rewarded
 * @param statement per unit category, how many from the bottom make a statement (表态发言)
 */
public record RankingPolicy(
        String version,
        String from,
        @DefaultValue("0.7") BigDecimal evaluationWeight,
        @DefaultValue("0.3") BigDecimal assignmentWeight,
        @DefaultValue("1") BigDecimal entryWeight,
        @DefaultValue("0.5") BigDecimal lateCredit,
        Map<String, Integer> reward,
        Map<String, Integer> statement) {

    public RankingPolicy {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a scoring policy needs a version");
        }
        if (from == null) {
            throw new IllegalArgumentException("scoring policy " + version + " needs a from month");
        }
        firstMonth(from);
        reward = reward == null ? Map.of() : Map.copyOf(reward);
        statement = statement == null ? Map.of() : Map.copyOf(statement);
    }

    /** The first month the policy applies to. */
    public YearMonth firstMonth() {
        return firstMonth(from);
    }

    private static YearMonth firstMonth(String from) {
        try {
            return YearMonth.parse(from);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("scoring policy from must look like 2023-01, not " + from);
        }
    }

    public int rewardFor(String category) {
        return reward.getOrDefault(category, 0);
    }

    public int statementFor(String category) {
        return statement.getOrDefault(category, 0);
    }
}
