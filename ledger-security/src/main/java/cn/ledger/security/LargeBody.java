package cn.ledger.security;

/**
 * A request path whose body may be larger than {@code ledger.security.max-body-size} (a file upload), up to
 * {@code maxBytes}; a service declares it as a bean. Every other path keeps the ordinary limit.
 */
public record LargeBody(String method, String path, long maxBytes) {}
