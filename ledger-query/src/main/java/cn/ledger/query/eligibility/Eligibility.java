package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The answer for one cadre, purpose and date: eligible or not, never "promoted". {@code target} is
 * the target level, the derived next rank (null when the rank table has none) or the award period.
 * {@code knownAt} is null when every record was considered. {@code earliestClearDate} is
 * {@code asOf} when eligible, the latest {@code clearsOn} of the failing rules when every one of
 * them has one, and null when some blocker has no knowable end.
 */
public record Eligibility(String cadreId, Purpose purpose, String target, LocalDate asOf, Instant knownAt,
        boolean eligible, String policyVersion, List<RuleOutcome> rules, LocalDate earliestClearDate) {

    public Eligibility {
        rules = List.copyOf(rules);
    }

    public Optional<RuleOutcome> rule(String code) {
        return rules.stream().filter(r -> r.rule().equals(code)).findFirst();
    }

    public List<RuleOutcome> blockers() {
        return rules.stream().filter(r -> !r.passed()).toList();
    }
}
