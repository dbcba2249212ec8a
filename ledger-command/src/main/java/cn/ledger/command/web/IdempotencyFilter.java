package cn.ledger.command.web;

import cn.ledger.security.web.StorageUnavailable;
import cn.ledger.security.web.BufferedBodyRequest;
import cn.ledger.security.web.ProblemWriter;
import cn.ledger.security.web.Problems;
import cn.ledger.security.web.Problems.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every command, with the status codes of the IETF Idempotency-Key header draft
 * (draft-ietf-httpapi-idempotency-key-header): the first answer to a caller's key is stored; the same key
 * with the same request gets that answer again (with {@code Idempotency-Replayed: true}) and appends
 * nothing; the same key with a different request is answered 422 ({@code idempotency-key-reused}); a key
 * whose first request is still running is answered 409 ({@code idempotency-key-in-progress}), so two
 * concurrent retries cannot both append; a command sent without a key is answered 400
 * ({@code idempotency-key-missing}) when {@code ledger.idempotency.required} is set. Server errors are not
 * kept, so the request can be retried under the same key.
 *
 * <p>A key lives {@code ledger.idempotency.lifetime} (24 h by default) from its first use: within it every
 * guarantee above holds (a committed request whose answer was lost is answered 409 {@code already-exists},
 * never run again); after it the key may be used for a new request, and {@link IdempotencyKeyPurge} deletes
 * it. The keys are not ledger data: the events a command appended stay.
 */
@Component
@Order(IdempotencyFilter.ORDER)
public class IdempotencyFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain (order -100): keys belong to the authenticated caller. */
    static final int ORDER = -90;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    public static final String HEADER = "Idempotency-Key";
    private final JdbcTemplate jdbc;
    /** A claim older than this whose request never finished (the process died) may be taken over. */
    private final long abandonedAfterSeconds;
    /** A key older than this may be used for a new request; the purge deletes it. */
    private final long lifetimeSeconds;
    /** Whether a command without a key is refused (400) rather than run without one. */
    private final boolean required;

    public IdempotencyFilter(JdbcTemplate jdbc,
            @Value("${ledger.idempotency.abandoned-after:120s}") Duration abandonedAfter,
            @Value("${ledger.idempotency.lifetime:24h}") Duration lifetime,
            @Value("${ledger.idempotency.required:false}") boolean required) {
        if (lifetime.compareTo(abandonedAfter) <= 0) {
            throw new IllegalArgumentException("ledger.idempotency.lifetime (" + lifetime
                    + ") must be longer than ledger.idempotency.abandoned-after (" + abandonedAfter + ")");
        }
        this.jdbc = jdbc;
        this.abandonedAfterSeconds = abandonedAfter.toSeconds();
        this.lifetimeSeconds = lifetime.toSeconds();
        this.required = required;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/")
                || request.getRequestURI().startsWith("/api/v1/auth/")
                || request.getHeader(HEADER) == null && !required;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            problem(request, response, HttpStatus.BAD_REQUEST, Problems.IDEMPOTENCY_KEY_MISSING,
                    "Idempotency-Key is required on every command");
            return;
        }
        String caller = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
        if (key.isBlank() || key.length() > 200 || caller == null) {
            problem(request, response, HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Idempotency-Key must be 1 to 200 characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String hash = hash(request.getMethod() + ' ' + request.getRequestURI() + '?' + request.getQueryString(), body);

        try {
            if (answeredFromStore(request, response, caller, key, hash)) {
                return;
            }
        } catch (RuntimeException e) {
            if (!StorageUnavailable.isCause(e)) {
                throw e;
            }
            log.warn("storage unavailable: {}", e.toString());
            response.setHeader("Retry-After", Integer.toString(StorageUnavailable.RETRY_AFTER_SECONDS));
            ProblemWriter.write(request, response, StorageUnavailable.problem(
                    "The ledger's storage is unavailable. Retry later, with the same Idempotency-Key."));
            return;
        }

        request.setAttribute(IdempotentCommits.CALLER, caller);
        request.setAttribute(IdempotentCommits.KEY, key);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new BufferedBodyRequest(request, body), captured);
            if (captured.getStatus() < 500) {
                jdbc.update("UPDATE idempotency_key SET status = ?, content_type = ?, body = ? "
                                + "WHERE caller = ? AND idempotency_key = ?",
                        captured.getStatus(), captured.getContentType(), captured.getContentAsByteArray(), caller, key);
                kept = true;
            }
        } catch (RuntimeException e) {
            if (!StorageUnavailable.isCause(e)) {
                throw e;
            }
            // the answer stands; the key stays claimed until it counts as abandoned, then it can be retried
            log.warn("could not keep the answer to Idempotency-Key {}: {}", key, e.toString());
            kept = true;
        } finally {
            if (!kept) {
                try {
                    jdbc.update("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ? AND status IS NULL",
                            caller, key);
                } catch (RuntimeException e) {
                    log.warn("could not release Idempotency-Key {}: {}", key, e.toString());
                }
            }
            captured.copyBodyToResponse();
        }
    }

    /** Claims the key, or answers from what is stored for it; true when the request has been answered. */
    private boolean answeredFromStore(HttpServletRequest request, HttpServletResponse response, String caller,
            String key, String hash)
            throws IOException {
        if (!claim(caller, key, hash)) {
            List<Map<String, Object>> rows = jdbc.queryForList(
                    "SELECT request_hash, status, content_type, body, committed_at FROM idempotency_key WHERE caller = ? AND idempotency_key = ?",
                    caller, key);
            if (rows.isEmpty()) {
                problem(request, response, HttpStatus.CONFLICT, Problems.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "Idempotency-Key is being processed; retry later");
                return true;
            }
            Map<String, Object> row = rows.get(0);
            if (!hash.equals(row.get("request_hash"))) {
                problem(request, response, HttpStatus.UNPROCESSABLE_CONTENT, Problems.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key was already used for a different request");
                return true;
            }
            if (row.get("status") == null && row.get("committed_at") != null) {
                // the first request committed its events and its answer was lost (its process died): never again
                problem(request, response, HttpStatus.CONFLICT, Problems.ALREADY_EXISTS,
                        "The first request with this Idempotency-Key was recorded and its answer lost: it already exists "
                                + "in the ledger; nothing was appended again");
                return true;
            }
            if (row.get("status") == null) {
                problem(request, response, HttpStatus.CONFLICT, Problems.IDEMPOTENCY_KEY_IN_PROGRESS,
                        "The first request with this Idempotency-Key is still being processed; retry later");
                return true;
            }
            response.setStatus((Integer) row.get("status"));
            if (row.get("content_type") != null) {
                response.setContentType((String) row.get("content_type"));
            }
            response.setHeader("Idempotency-Replayed", "true");
            byte[] stored = (byte[]) row.get("body");
            if (stored != null) {
                response.getOutputStream().write(stored);
            }
            return true;
        }
        return false;
    }

    /**
     * Claims the key for this request; false when another request holds or held it within the key's
     * lifetime. A key past its lifetime is let go first (the purge would delete it), whatever it held.
     */
    private boolean claim(String caller, String key, String hash) {
        if (insert(caller, key, hash)) {
            return true;
        }
        if (jdbc.update("DELETE FROM idempotency_key WHERE caller = ? AND idempotency_key = ? "
                + "AND created_at < now() - make_interval(secs => ?)", caller, key, lifetimeSeconds) == 1
                && insert(caller, key, hash)) {
            return true;
        }
        return jdbc.update("UPDATE idempotency_key SET created_at = now() WHERE caller = ? AND idempotency_key = ? "
                + "AND request_hash = ? AND status IS NULL AND committed_at IS NULL AND created_at < now() - make_interval(secs => ?)",
                caller, key, hash, abandonedAfterSeconds) == 1;
    }

    private boolean insert(String caller, String key, String hash) {
        return jdbc.update("INSERT INTO idempotency_key (caller, idempotency_key, request_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", caller, key, hash) == 1;
    }

    private static String hash(String target, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            URI type, String detail) throws IOException {
        String title = status == HttpStatus.CONFLICT ? "Conflict"
                : status == HttpStatus.UNPROCESSABLE_CONTENT ? "Idempotency-Key reused" : "Invalid request";
        List<FieldError> errors = List.of(new FieldError(HEADER, detail));
        ProblemWriter.write(request, response, Problems.of(status, type, title, detail, errors));
    }
}
