package cn.ledger.command;

/**
 * A command broke a rule of the ledger. Nothing is appended. {@code field} names the request field
 * the rule is about; {@code conflict} marks a clash with what is already recorded (409) as opposed to
 * an invalid request (422).
 */
public class RuleViolation extends RuntimeException {

    private final String field;
    private final boolean conflict;

    private RuleViolation(String field, String reason, boolean conflict) {
        super(reason);
        this.field = field;
        this.conflict = conflict;
    }

    public static RuleViolation invalid(String field, String reason) {
        return new RuleViolation(field, reason, false);
    }

    public static RuleViolation conflict(String field, String reason) {
        return new RuleViolation(field, reason, true);
    }

    public String field() {
        return field;
    }

    public boolean isConflict() {
        return conflict;
    }
}
