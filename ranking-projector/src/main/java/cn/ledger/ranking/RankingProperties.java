package cn.ledger.ranking;

import cn.ledger.ranking.monthly.RankingPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The monthly review's local rules (月讲评); every number is configuration.
 *
 * @param zone                   the time zone months and close points are read in
 * @param closeAfter             a month closes this long after its last day ends (e.g. 5 days: on the 6th
 *                               of the next month at 00:00)
 * @param closeQuiet             and only once no record for it has arrived for this long, so that a month
 *                               is not closed in the middle of an import
 * @param consecutiveLastPlaces  last place in this many consecutive closed months opens an
 *                               accountability procedure
 * @param minGroupSize           a group smaller than this is ranked but gets no outcomes and no trigger
 * @param accountability         where and as whom the trigger asks ledger-command
 * @param policies               the scoring policies; a month uses the newest whose {@code from} is not after it
 */
@ConfigurationProperties("ledger.ranking")
public record RankingProperties(
        @DefaultValue("Asia/Shanghai") ZoneId zone,
        @DefaultValue("5d") Duration closeAfter,
        @DefaultValue("30s") Duration closeQuiet,
        @DefaultValue("2") int consecutiveLastPlaces,
        @DefaultValue("2") int minGroupSize,
        @DefaultValue Accountability accountability,
        List<RankingPolicy> policies) {

    public RankingProperties {
        if (policies == null || policies.isEmpty()) {
            throw new IllegalArgumentException("ledger.ranking.policies: at least one scoring policy is needed");
        }
        if (consecutiveLastPlaces < 1) {
            throw new IllegalArgumentException("ledger.ranking.consecutive-last-places must be at least 1");
        }
        policies = policies.stream().sorted(Comparator.comparing(RankingPolicy::firstMonth)).toList();
    }

    /**
     * @param commandUrl ledger-command's base URL (the calls carry this service's own token, see
     *     {@code ledger.security.client})
     */
    public record Accountability(@DefaultValue("http://127.0.0.1:8081") URI commandUrl) {}

    /** The policy in force for a month. */
    /** Whether a scoring policy covers the month (none does before the first policy's first month). */
    public boolean covers(YearMonth month) {
        return policies.stream().anyMatch(policy -> !policy.firstMonth().isAfter(month));
    }

    public RankingPolicy policyFor(YearMonth month) {
        RankingPolicy chosen = null;
        for (RankingPolicy policy : policies) {
            if (!policy.firstMonth().isAfter(month)) {
                chosen = policy;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no scoring policy covers " + month);
        }
        return chosen;
    }

    /** When a month's ranking becomes final. */
    public ZonedDateTime closesAt(YearMonth month) {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).plus(closeAfter);
    }
}
