package cn.ledger.security.web;

/** A request names a record (a unit, a cadre, a stream, …) the service does not hold: 404 problem+json. */
public class NotFound extends RuntimeException {

    private final String field;

    /** Names the field or parameter that holds the unknown id. */
    public NotFound(String field, String message) {
        super(message);
        this.field = field;
    }

    public NotFound(String message) {
        this(null, message);
    }

    /** The field naming what is not found, or null. */
    public String field() {
        return field;
    }
}
