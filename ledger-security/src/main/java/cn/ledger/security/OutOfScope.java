package cn.ledger.security;

import org.springframework.security.access.AccessDeniedException;

/** The request names a unit (or a cadre of a unit) outside the caller's scope: 403 naming the field. */
public class OutOfScope extends AccessDeniedException {

    private final String field;

    public OutOfScope(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
