package cn.ledger.ranking.web;

/**
 * The shared {@link cn.ledger.security.web.BadParameter}, under its former name so that code written
 * against it still compiles; use the shared class.
 */
@Deprecated(forRemoval = true)
public class BadParameter extends cn.ledger.security.web.BadParameter {

    public BadParameter(String parameter, String reason) {
        super(parameter, reason);
    }
}
