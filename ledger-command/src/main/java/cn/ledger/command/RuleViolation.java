package cn.ledger.command;

/**
 * A command broke a rule of the ledger. Nothing is appended. {@code field} names the request field
 * the rule is about. {@code invalid}: a well-formed command that a rule of the regulations or of the
 * ledger forbids (422). {@code conflict}: a clash with what is recorded — it exists already, it is
 * already revoked, completed, decided, closed or graded for that year (409). {@code notFound}: a
 * reference to a record the stream does not hold (404). A malformed request never gets this far (400).
 * docs/errors.md is the table of every refusal.
 */
public class RuleViolation extends RuntimeException {

    /** How the violation is answered: 422, 409 or 404. */
    public enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final String field;
    private final Kind kind;

    private RuleViolation(String field, String reason, Kind kind) {
        super(reason);
        this.field = field;
        this.kind = kind;
    }

    public static RuleViolation invalid(String field, String reason) {
        return new RuleViolation(field, reason, Kind.INVALID);
    }

    public static RuleViolation conflict(String field, String reason) {
        return new RuleViolation(field, reason, Kind.CONFLICT);
    }

    public static RuleViolation notFound(String field, String reason) {
        return new RuleViolation(field, reason, Kind.NOT_FOUND);
    }

    public String field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isConflict() {
        return kind == Kind.CONFLICT;
    }
}
