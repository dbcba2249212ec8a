package cn.ledger.ranking.monthly;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * When last place calls for an accountability procedure (启动问责程序): a unit in last place of its
 * group in {@code k} consecutive closed months. Each procedure covers its own {@code k} months: a unit
 * last for four months in a row with {@code k = 2} gets one after the second month and one after the
 * fourth. A month that is not closed, or in which the unit is not last (or not ranked), breaks the run.
 */
public final class AccountabilityRule {

    private AccountabilityRule() {}

    /** A procedure called for: the unit, the month that completed the run, and the run's first month. */
    public record Due(String unitId, YearMonth month, YearMonth firstMonth) {}

    /**
     * @param lastPlaces for each closed month, the units in last place in its latest version
     */
    public static List<Due> due(NavigableMap<YearMonth, Set<String>> lastPlaces, int k) {
        List<Due> due = new ArrayList<>();
        Map<String, Integer> run = new HashMap<>();
        YearMonth previous = null;
        for (Map.Entry<YearMonth, Set<String>> month : lastPlaces.entrySet()) {
            boolean consecutive = previous != null && previous.plusMonths(1).equals(month.getKey());
            Map<String, Integer> next = new HashMap<>();
            for (String unit : month.getValue()) {
                int length = (consecutive ? run.getOrDefault(unit, 0) : 0) + 1;
                next.put(unit, length);
                if (length % k == 0) {
                    due.add(new Due(unit, month.getKey(), month.getKey().minusMonths(k - 1)));
                }
            }
            run = next;
            previous = month.getKey();
        }
        due.sort(java.util.Comparator.comparing(Due::month).thenComparing(Due::unitId));
        return due;
    }
}
