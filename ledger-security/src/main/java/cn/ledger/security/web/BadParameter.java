package cn.ledger.security.web;

/** A path variable, query parameter or header that cannot be answered as given: 400 problem+json naming it. */
public class BadParameter extends RuntimeException {

    private final String parameter;

    public BadParameter(String parameter, String reason) {
        super(reason);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
