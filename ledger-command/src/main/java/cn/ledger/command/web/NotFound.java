package cn.ledger.command.web;

/** A request names a unit or cadre the ledger does not hold. */
public class NotFound extends RuntimeException {

    private final String field;

    public NotFound(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
