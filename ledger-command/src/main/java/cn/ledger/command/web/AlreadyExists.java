package cn.ledger.command.web;

/**
 * The id a command would create a stream under is taken (by a unit or a cadre): 409 of type
 * {@link Problems#ALREADY_EXISTS} naming the field. Nothing was appended.
 */
public class AlreadyExists extends RuntimeException {

    private final String field;

    public AlreadyExists(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
