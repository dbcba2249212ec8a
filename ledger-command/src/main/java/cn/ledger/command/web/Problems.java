package cn.ledger.command.web;

import java.net.URI;

/** Stable problem types of the command API (RFC 9457 {@code type}). */
public final class Problems {

    public static final String BASE = "urn:ledger:problem:";
    public static final URI VALIDATION = URI.create(BASE + "validation");
    public static final URI MALFORMED = URI.create(BASE + "malformed-request");
    public static final URI RULE = URI.create(BASE + "rule-violation");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI ALREADY_EXISTS = URI.create(BASE + "already-exists");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI UNAUTHENTICATED = URI.create(BASE + "unauthenticated");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI INTERNAL = URI.create(BASE + "internal");

    private Problems() {}
}
