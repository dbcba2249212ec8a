package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One rule's verdict: its stable code, whether it passed, why, the events it rests on and, for a
 * blocker whose end is knowable, the first date it no longer blocks.
 */
public record RuleOutcome(String rule, boolean passed, String reason, List<String> eventIds, LocalDate clearsOn) {

    public RuleOutcome {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        eventIds = List.copyOf(eventIds);
        if (passed && clearsOn != null) {
            throw new IllegalArgumentException("Only a blocker has a clearing date");
        }
    }

    static RuleOutcome pass(String rule, String reason, List<String> eventIds) {
        return new RuleOutcome(rule, true, reason, eventIds, null);
    }

    static RuleOutcome block(String rule, String reason, List<String> eventIds, LocalDate clearsOn) {
        return new RuleOutcome(rule, false, reason, eventIds, clearsOn);
    }
}
