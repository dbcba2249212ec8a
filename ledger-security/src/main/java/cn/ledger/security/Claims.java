package cn.ledger.security;

/** The token claims the ledger reads besides the standard ones. */
public final class Claims {

    /** The caller's roles by claim name, e.g. {@code ["recorder"]}. */
    public static final String ROLES = "roles";
    /** The units whose subtrees the caller covers, e.g. {@code ["anning"]}; {@code ["*"]} for all. */
    public static final String UNITS = "units";
    /** For a cadre, their cadre id. */
    public static final String CADRE = "cadre";

    private Claims() {}
}
