package cn.ledger.projection;

import cn.ledger.contract.ConsistencyToken;
import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.ProblemWriter;
import cn.ledger.security.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Read your writes, for every query of a projector ({@code GET /api/v1/**} but the admin endpoints).
 *
 * <p>A query may name what it must see: a consistency token (header {@code Ledger-Consistency} or
 * parameter {@code consistency}, as a command answered it), and on a path naming a cadre or unit stream
 * ({@code {cadreId}}, {@code {unitId}}, {@code {streamId}}) a {@code minSequence} of that stream. It then
 * waits until the projection has applied them: at most {@code wait} (an ISO-8601 duration such as
 * {@code PT2S}, or {@code 2s}, {@code 500ms}), by default and at most the configured maximum. When the
 * wait runs out the answer is 503 problem+json ({@value #NOT_YET_APPLIED_SLUG}) with {@code Retry-After}
 * and, per stream, the sequence requested (not the one applied: the scope is not checked yet): never an
 * answer that lacks them.
 *
 * <p>Every answer says in the {@value #APPLIED_HEADER} header up to which sequence each stream the
 * request named (the path's stream, the token's streams) was applied when the query began
 * ({@code stream=sequence}, comma-separated, -1 for a stream none of which was applied); JSON objects
 * carry the same under {@code ledgerApplied} ({@link LedgerAppliedBody}). A refusal of the query itself
 * (400, 403, 404) does not.
 */
public class ReadYourWrites implements HandlerInterceptor {

    public static final String APPLIED_HEADER = "Ledger-Applied";
    public static final String MIN_SEQUENCE = "minSequence";
    public static final String WAIT = "wait";
    /** The request attribute holding the {@link AppliedPositions.Outcome} an answer rests on. */
    public static final String ATTRIBUTE = ReadYourWrites.class.getName();
    static final String NOT_YET_APPLIED_SLUG = "not-yet-applied";
    public static final java.net.URI NOT_YET_APPLIED = java.net.URI.create(Problems.BASE + NOT_YET_APPLIED_SLUG);

    /** Path variables that name a stream: a cadre's, a unit's, or any. */
    private static final List<String> STREAM_VARIABLES = List.of("cadreId", "unitId", "streamId");
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SEQUENCE = Pattern.compile("\\d{1,18}");

    private final AppliedPositions positions;

    public ReadYourWrites(AppliedPositions positions) {
        this.positions = positions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod) || !isQuery(request)) {
            return true;
        }
        String pathStream = pathStream(request);
        Map<String, Long> required = new LinkedHashMap<>();
        token(request, ConsistencyToken.PARAMETER, request.getParameter(ConsistencyToken.PARAMETER), required);
        token(request, ConsistencyToken.HEADER, request.getHeader(ConsistencyToken.HEADER), required);
        String minSequence = request.getParameter(MIN_SEQUENCE);
        if (minSequence != null) {
            if (!SEQUENCE.matcher(minSequence).matches()) {
                throw new BadParameter(MIN_SEQUENCE, "must be a sequence number, 0 or more");
            }
            if (pathStream == null) {
                throw new BadParameter(MIN_SEQUENCE, "this path names no stream: pass the command's consistency"
                        + " token (" + ConsistencyToken.HEADER + " header or " + ConsistencyToken.PARAMETER
                        + " parameter) instead");
            }
            required.merge(pathStream, Long.parseLong(minSequence), Math::max);
        }
        Duration wait = waitOf(request.getParameter(WAIT));
        Set<String> named = new LinkedHashSet<>();
        if (pathStream != null) {
            named.add(pathStream);
        }
        named.addAll(required.keySet());
        if (named.isEmpty()) {
            return true;
        }
        AppliedPositions.Outcome outcome;
        try {
            outcome = required.isEmpty()
                    ? new AppliedPositions.Outcome(true, required, positions.applied(named))
                    : positions.await(required, wait);
        } catch (AppliedPositions.TooManyWaiters busy) {
            refuse(request, response, required, positions.applied(required.keySet()),
                    "Too many queries wait for the projection now; retry shortly");
            return false;
        }
        if (!outcome.reached()) {
            refuse(request, response, required, outcome.applied(), "The projection has not applied the requested"
                    + " positions within " + wait.toMillis() + " ms; the answer would not show them");
            return false;
        }
        Map<String, Long> applied = new LinkedHashMap<>(outcome.applied());
        named.stream().filter(stream -> !applied.containsKey(stream))
                .forEach(stream -> applied.putAll(positions.applied(List.of(stream))));
        AppliedPositions.Outcome answered = new AppliedPositions.Outcome(true, required, applied);
        // said by the answer itself (LedgerAppliedBody), so that a refusal (403, 404) does not tell it
        request.setAttribute(ATTRIBUTE, answered);
        return true;
    }

    /** The header's value: {@code stream=sequence}, comma-separated. */
    public static String header(Map<String, Long> applied) {
        return applied.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static boolean isQuery(HttpServletRequest request) {
        String path = request.getRequestURI();
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && path.startsWith("/api/v1/") && !path.startsWith("/api/v1/admin/");
    }

    @SuppressWarnings("unchecked")
    private static String pathStream(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables instanceof Map<?, ?> map) {
            for (String name : STREAM_VARIABLES) {
                Object value = ((Map<String, Object>) map).get(name);
                if (value instanceof String stream && STREAM.matcher(stream).matches()) {
                    return stream;
                }
            }
        }
        return null;
    }

    private static void token(HttpServletRequest request, String name, String value, Map<String, Long> required) {
        if (value == null) {
            return;
        }
        try {
            ConsistencyToken.decode(value.strip()).positions().forEach((stream, sequence) ->
                    required.merge(stream, sequence, Math::max));
        } catch (IllegalArgumentException bad) {
            throw new BadParameter(name, bad.getMessage());
        }
    }

    private Duration waitOf(String text) {
        if (text == null) {
            return positions.maxWait();
        }
        Duration wait;
        try {
            String value = text.strip();
            if (value.matches("\\d{1,9}ms")) {
                wait = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.matches("\\d{1,9}s")) {
                wait = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.length() <= 32) {
                wait = Duration.parse(value);
            } else {
                throw new DateTimeParseException("too long", value, 0);
            }
        } catch (DateTimeParseException | NumberFormatException bad) {
            throw new BadParameter(WAIT, "must be a duration such as PT2S, 2s or 500ms");
        }
        if (wait.isNegative() || wait.compareTo(positions.maxWait()) > 0) {
            throw new BadParameter(WAIT, "must be between 0 and " + positions.maxWait().toMillis() + " ms");
        }
        return wait;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Map<String, Long> required,
            Map<String, Long> applied, String detail) throws IOException {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, NOT_YET_APPLIED, "Not yet applied",
                detail, List.of());
        // What was requested only: the positions applied would tell a caller about a stream outside their
        // scope (whether it exists, how far it goes) before any controller has checked the scope.
        problem.setProperty("requested", required);
        long seconds = Math.max(1, (positions.maxWait().toMillis() + 999) / 1000);
        response.setHeader("Retry-After", Long.toString(seconds));
        ProblemWriter.write(request, response, problem);
    }
}
