package cn.ledger.command.web;

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
 * {@code Idempotency-Key} on every command: the first answer to a caller's key is stored; the same key
 * with the same request gets that answer again (with {@code Idempotency-Replayed: true}) and appends
 * nothing; the same key with a different request is answered 409. A key whose first request is still
 * running is answered 409 too, so two concurrent retries cannot both append. Server errors are not
 * kept, so the request can be retried under the same key.
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

    public IdempotencyFilter(JdbcTemplate jdbc,
            @Value("${ledger.idempotency.abandoned-after:120s}") Duration abandonedAfter) {
        this.jdbc = jdbc;
        this.abandonedAfterSeconds = abandonedAfter.toSeconds();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/")
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
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
            problem(request, response, HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE,
                    "The ledger's storage is unavailable. Retry later, with the same Idempotency-Key.");
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
                problem(request, response, HttpStatus.CONFLICT, Problems.CONFLICT, "Idempotency-Key is being processed; retry later");
                return true;
            }
            Map<String, Object> row = rows.get(0);
            if (!hash.equals(row.get("request_hash"))) {
                problem(request, response, HttpStatus.CONFLICT, Problems.IDEMPOTENCY_KEY_REUSED,
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
                problem(request, response, HttpStatus.CONFLICT, Problems.CONFLICT,
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

    /** Claims the key for this request; false when another request holds or held it. */
    private boolean claim(String caller, String key, String hash) {
        int inserted = jdbc.update("INSERT INTO idempotency_key (caller, idempotency_key, request_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", caller, key, hash);
        if (inserted == 1) {
            return true;
        }
        return jdbc.update("UPDATE idempotency_key SET created_at = now() WHERE caller = ? AND idempotency_key = ? "
                + "AND request_hash = ? AND status IS NULL AND committed_at IS NULL AND created_at < now() - make_interval(secs => ?)",
                caller, key, hash, abandonedAfterSeconds) == 1;
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
                : status == HttpStatus.SERVICE_UNAVAILABLE ? "Unavailable" : "Invalid request";
        List<FieldError> errors = status == HttpStatus.SERVICE_UNAVAILABLE ? List.of()
                : List.of(new FieldError(HEADER, detail));
        ProblemWriter.write(request, response, Problems.of(status, type, title, detail, errors));
    }
}
