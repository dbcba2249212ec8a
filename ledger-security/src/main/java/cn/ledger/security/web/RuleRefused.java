package cn.ledger.security.web;

/**
 * A well-formed request that a rule of the ledger refuses (a month that has not ended cannot be closed, a
 * month before every scoring policy has no ranking): 422 problem+json of type {@link Problems#RULE} naming
 * the field. The command service's aggregates have their own, {@code RuleViolation}; this one is for the
 * services without aggregates.
 */
public class RuleRefused extends RuntimeException {

    private final String field;

    public RuleRefused(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
