package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule's verdict: the rule's stable code, whether it passed, the specific outcome ({@code code},
 * e.g. {@code influence-period.blocked-by-sanction}) with its named, typed parameters (dates, months,
 * record ids, levels, counts), the events it rests on and, for a blocker whose end is knowable, the first
 * date it no longer blocks. The sentence for a reader comes from the message catalogue, in their language
 * ({@code cn.ledger.query.review.RuleText}).
 */
public record RuleOutcome(String rule, boolean passed, String code, Map<String, Object> params,
        List<String> eventIds, LocalDate clearsOn) {

    public RuleOutcome {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(code, "code");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        eventIds = List.copyOf(eventIds);
        if (passed && clearsOn != null) {
            throw new IllegalArgumentException("Only a blocker has a clearing date");
        }
    }

    private RuleOutcome(OutcomeCode outcome, boolean passed, Map<String, Object> params, List<String> eventIds,
            LocalDate clearsOn) {
        this(checked(outcome, params).rule(), passed, outcome.code(), params, eventIds, clearsOn);
    }

    private static OutcomeCode checked(OutcomeCode outcome, Map<String, Object> params) {
        if (outcome.isPart()) {
            throw new IllegalArgumentException(outcome.code() + " is a part, not an outcome");
        }
        outcome.check(params);
        return outcome;
    }

    /** The outcome's code as a constant. */
    public OutcomeCode outcome() {
        return java.util.Arrays.stream(OutcomeCode.values()).filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow();
    }

    static RuleOutcome pass(OutcomeCode outcome, Map<String, Object> params, List<String> eventIds) {
        return new RuleOutcome(outcome, true, params, eventIds, null);
    }

    static RuleOutcome block(OutcomeCode outcome, Map<String, Object> params, List<String> eventIds,
            LocalDate clearsOn) {
        return new RuleOutcome(outcome, false, params, eventIds, clearsOn);
    }
}
