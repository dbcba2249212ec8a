package cn.ledger.query.web;

/** A query names a cadre or unit that the read model does not hold. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
