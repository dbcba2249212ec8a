package cn.ledger.ranking.monthly;

import cn.ledger.ranking.RankingProperties;
import cn.ledger.ranking.monthly.MonthlyRanking.Ranked;
import cn.ledger.ranking.monthly.RankingStore.MonthState;
import cn.ledger.ranking.monthly.RankingStore.OpenMonth;
import cn.ledger.projection.rebuild.SwitchGate;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Month close and versions, per review group (the parent unit whose children are ranked together: each
 * district holds its own monthly review). Before its close a group's month is provisional, computed from
 * the read model on every request. At the close point, once the group's own records for the month have
 * been quiet for a while (or when an operator of the group closes it), version 1 of the group's ranking is
 * stored and is final; other groups' months are not touched. A record that arrives later for a closed
 * month leaves a change mark on its unit; the reconciler then computes that unit's group again and, if any
 * unit's place, score, component or outcome differs, stores it as the group's next version. Published
 * versions are never changed. After every new version the accountability trigger is evaluated over the
 * latest versions of the months that group closed.
 */
@Service
public class RankingService {

    private static final Logger log = LoggerFactory.getLogger(RankingService.class);

    private final RankingStore store;
    private final AccountabilityOutbox outbox;
    private final RankingProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SwitchGate gate;

    public RankingService(RankingStore store, AccountabilityOutbox outbox, RankingProperties properties,
            TransactionTemplate transactions, Clock clock, SwitchGate gate) {
        this.gate = gate;
        this.store = store;
        this.outbox = outbox;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The group's month's ranking as the read model holds it now, with the policy in force for it. */
    public List<Ranked> provisional(String groupId, YearMonth month) {
        return MonthlyRanking.rank(store.inputs(groupId, month), properties.policyFor(month),
                properties.minGroupSize());
    }

    /** The month's ranking in every group as the read model holds it now. */
    public List<Ranked> provisional(YearMonth month) {
        return MonthlyRanking.rank(store.inputs(month), properties.policyFor(month), properties.minGroupSize());
    }

    /**
     * Closes the review group's month now: version 1 of the ranking among the group's children. Other
     * groups' months stay as they are. Returns the state; a month the group had closed is returned unchanged.
     */
    public MonthState close(String groupId, YearMonth month, String closedBy) {
        return gate.write(() -> transactions.execute(status -> {
            long seen = store.lastChange(groupId, month);
            Instant now = clock.instant();
            if (store.insertMonth(groupId, month, now, closedBy, seen)) {
                List<Ranked> ranking = provisional(groupId, month);
                store.saveVersion(groupId, month, 1, now, "month closed by " + closedBy,
                        properties.policyFor(month).version(), seen, ranking);
                log.info("ranking {} of group '{}' closed by {}: version 1, {} units", month, groupId, closedBy,
                        ranking.size());
                evaluateTriggers(groupId, now);
            }
            return store.month(groupId, month).orElseThrow();
        }));
    }

    /** A new version of the group's month when its inputs changed its ranking; empty when nothing changed. */
    public Optional<Integer> reconcile(String groupId, YearMonth month) {
        return transactions.execute(status -> {
            Optional<MonthState> locked = store.lockMonth(groupId, month);
            if (locked.isEmpty()) {
                return Optional.<Integer>empty();
            }
            MonthState state = locked.get();
            long seen = store.lastChange(groupId, month);
            if (seen <= state.seenChangeId()) {
                return Optional.<Integer>empty();
            }
            List<Ranked> now = provisional(groupId, month);
            List<Ranked> latest = store.entries(groupId, month, state.latestVersion());
            if (same(now, latest)) {
                store.markSeen(groupId, month, seen);
                return Optional.<Integer>empty();
            }
            int version = state.latestVersion() + 1;
            Instant at = clock.instant();
            store.saveVersion(groupId, month, version, at, "records arrived after the close",
                    properties.policyFor(month).version(), seen, now);
            log.info("ranking {} of group '{}': version {} after late records", month, groupId, version);
            evaluateTriggers(groupId, at);
            return Optional.of(version);
        });
    }

    /**
     * Closes each group's months whose close point has passed and to which none of the group's records
     * arrived for the quiet time, and makes versions for late records.
     */
    @Scheduled(fixedDelayString = "${ledger.ranking.check-interval:PT15S}",
            initialDelayString = "${ledger.ranking.check-interval:PT15S}")
    public void closeAndReconcile() {
        gate.write(this::closeAndReconcileNow);
    }

    private void closeAndReconcileNow() {
        Instant now = clock.instant();
        for (OpenMonth open : store.openMonths()) {
            boolean due = !now.isBefore(properties.closesAt(open.month()).toInstant());
            boolean quiet = !open.lastRecordApplied().plus(properties.closeQuiet()).isAfter(now);
            if (due && quiet && properties.covers(open.month())) {
                close(open.groupId(), open.month(), "schedule");
            }
        }
        store.changedClosedMonths().forEach(changed -> reconcile(changed.groupId(), changed.month()));
    }

    /** Last place in consecutive months the group closed: counted within the group only. */
    private void evaluateTriggers(String groupId, Instant now) {
        TreeMap<YearMonth, Set<String>> lastPlaces = new TreeMap<>();
        store.closedMonths(groupId).forEach(m -> lastPlaces.put(m.month(), new HashSet<>()));
        for (String[] row : store.lastPlaces(groupId)) {
            lastPlaces.get(YearMonth.parse(row[0])).add(row[1]);
        }
        for (AccountabilityRule.Due due : AccountabilityRule.due(lastPlaces, properties.consecutiveLastPlaces())) {
            int version = store.month(groupId, due.month()).map(MonthState::latestVersion).orElse(0);
            if (outbox.add(due, version, now)) {
                log.info("accountability due for {} after last place {}..{}", due.unitId(), due.firstMonth(),
                        due.month());
            }
        }
    }

    private static boolean same(List<Ranked> a, List<Ranked> b) {
        if (a.size() != b.size()) {
            return false;
        }
        var byUnit = new java.util.HashMap<String, Ranked>();
        b.forEach(r -> byUnit.put(r.unit().unitId(), r));
        return a.stream().allMatch(r -> byUnit.containsKey(r.unit().unitId()) && r.sameAs(byUnit.get(r.unit().unitId())));
    }
}
