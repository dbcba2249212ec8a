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
 * Month close and versions. Before its close a month's ranking is provisional, computed from the read
 * model on every request. At the close point (or when an operator closes it) version 1 is stored and
 * is final. A record that arrives later for a closed month leaves a change mark; the reconciler then
 * computes the month again and, if any unit's place, score, component or outcome differs, stores it as
 * the next version. Published versions are never changed. After every new version the accountability
 * trigger is evaluated over the latest versions of all closed months.
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

    /** The month's ranking as the read model holds it now, with the policy in force for it. */
    public List<Ranked> provisional(YearMonth month) {
        return MonthlyRanking.rank(store.inputs(month), properties.policyFor(month), properties.minGroupSize());
    }

    /**
     * Closes a month now. Returns its state; a month that was already closed is returned unchanged.
     */
    public MonthState close(YearMonth month, String closedBy) {
        return gate.write(() -> transactions.execute(status -> {
            long seen = store.lastChange(month);
            Instant now = clock.instant();
            if (store.insertMonth(month, now, closedBy, seen)) {
                List<Ranked> ranking = provisional(month);
                store.saveVersion(month, 1, now, "month closed by " + closedBy,
                        properties.policyFor(month).version(), seen, ranking);
                log.info("ranking {} closed by {}: version 1, {} units", month, closedBy, ranking.size());
                evaluateTriggers(now);
            }
            return store.month(month).orElseThrow();
        }));
    }

    /** A new version when the month's inputs changed its ranking; empty when nothing changed. */
    public Optional<Integer> reconcile(YearMonth month) {
        return transactions.execute(status -> {
            Optional<MonthState> locked = store.lockMonth(month);
            if (locked.isEmpty()) {
                return Optional.<Integer>empty();
            }
            MonthState state = locked.get();
            long seen = store.lastChange(month);
            if (seen <= state.seenChangeId()) {
                return Optional.<Integer>empty();
            }
            List<Ranked> now = provisional(month);
            List<Ranked> latest = store.entries(month, state.latestVersion());
            if (same(now, latest)) {
                store.markSeen(month, seen);
                return Optional.<Integer>empty();
            }
            int version = state.latestVersion() + 1;
            Instant at = clock.instant();
            store.saveVersion(month, version, at, "records arrived after the close",
                    properties.policyFor(month).version(), seen, now);
            log.info("ranking {}: version {} after late records", month, version);
            evaluateTriggers(at);
            return Optional.of(version);
        });
    }

    /** Closes the months whose close point has passed and makes versions for late records. */
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
            if (due && quiet) {
                close(open.month(), "schedule");
            }
        }
        store.changedClosedMonths().forEach(this::reconcile);
    }

    private void evaluateTriggers(Instant now) {
        TreeMap<YearMonth, Set<String>> lastPlaces = new TreeMap<>();
        store.closedMonths().forEach(m -> lastPlaces.put(m.month(), new HashSet<>()));
        for (String[] row : store.lastPlaces()) {
            lastPlaces.get(YearMonth.parse(row[0])).add(row[1]);
        }
        for (AccountabilityRule.Due due : AccountabilityRule.due(lastPlaces, properties.consecutiveLastPlaces())) {
            int version = store.month(due.month()).map(MonthState::latestVersion).orElse(0);
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
