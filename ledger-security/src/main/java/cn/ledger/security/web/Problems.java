package cn.ledger.security.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem catalogue of the three services: every RFC 9457 {@code type} they answer with, in one
 * place, and the one way a problem body is made — a stable type, a title, a detail, the fields at fault
 * under {@code errors} and the request's correlation id. Types are part of the API (clients and the
 * docs/errors.md rely on them): add new ones, never rename one. docs/errors.md lists when each is answered.
 */
public final class Problems {

    public static final String BASE = "urn:ledger:problem:";

    /** 400: a field or parameter breaks its rule (the fields are named under {@code errors}). */
    public static final URI VALIDATION = type("validation");
    /** 400: the body cannot be read (not JSON, not the expected shape, a value of the wrong type). */
    public static final URI MALFORMED = type("malformed-request");
    /** 422: a rule of the ledger refuses the command. */
    public static final URI RULE = type("rule-violation");
    /** 409: clashes with what is recorded (already revoked, completed, decided, graded; a concurrent change). */
    public static final URI CONFLICT = type("conflict");
    /** 409: an id that is taken, or a command already recorded under its Idempotency-Key whose answer was lost. */
    public static final URI ALREADY_EXISTS = type("already-exists");
    /** 422: an Idempotency-Key already used for a different request (the IETF Idempotency-Key draft). */
    public static final URI IDEMPOTENCY_KEY_REUSED = type("idempotency-key-reused");
    /** 409: the first request with this Idempotency-Key is still being processed; retry later. */
    public static final URI IDEMPOTENCY_KEY_IN_PROGRESS = type("idempotency-key-in-progress");
    /** 400: a command without the Idempotency-Key a service configured as required. */
    public static final URI IDEMPOTENCY_KEY_MISSING = type("idempotency-key-missing");
    /** 404: names a record the ledger does not hold. */
    public static final URI NOT_FOUND = type("not-found");
    /** 401: no valid bearer token. */
    public static final URI UNAUTHENTICATED = type("unauthenticated");
    /** 403: the caller's roles or scope do not allow it. */
    public static final URI FORBIDDEN = type("forbidden");
    /** 413: the body is over the configured limit. */
    public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");
    /** 503: the storage cannot be reached; retry later. */
    public static final URI UNAVAILABLE = type("unavailable");
    /** 500: a fault nobody expected; the answer quotes only the correlation id. */
    public static final URI INTERNAL = type("internal");

    /** The name under which a problem lists the fields at fault. */
    public static final String ERRORS = "errors";
    /** The name under which a problem quotes the request's correlation id. */
    public static final String CORRELATION_ID = "correlationId";

    private Problems() {}

    /** A field or parameter at fault, and why. */
    public record FieldError(String field, String reason) {}

    /**
     * A problem with the request's correlation id (from the request context) and the fields at fault
     * (an empty list when none).
     */
    public static ProblemDetail of(HttpStatusCode status, URI type, String title, String detail,
            List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setProperty(ERRORS, errors == null ? List.of() : errors);
        problem.setProperty(CORRELATION_ID, String.valueOf(CorrelationId.current()));
        return problem;
    }

    /** 400 naming the fields or parameters at fault. */
    public static ProblemDetail invalid(String detail, List<FieldError> errors) {
        return of(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request", detail, errors);
    }

    /**
     * The stable type of a problem Spring made, named after its status:
     * {@code urn:ledger:problem:method-not-allowed}, {@code …:unsupported-media-type}, {@code …:not-found}.
     */
    public static URI forStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return type(known == null ? "http-" + status : known.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /**
     * Makes a problem built elsewhere (Spring's defaults have type {@code about:blank}) fit the
     * catalogue: a stable type for its status, a title, {@code errors}, the correlation id, and a detail
     * that names no code (a detail quoting a class, a method or a parser is replaced by the status's
     * own words).
     */
    public static ProblemDetail stable(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(forStatus(problem.getStatus()));
        }
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        if (problem.getTitle() == null) {
            problem.setTitle(status == null ? "Error" : status.getReasonPhrase());
        }
        if (problem.getDetail() == null || !SafeText.isSafe(problem.getDetail())) {
            problem.setDetail(status == null ? "The request cannot be answered" : status.getReasonPhrase());
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey(ERRORS)) {
            problem.setProperty(ERRORS, List.of());
        }
        if (!problem.getProperties().containsKey(CORRELATION_ID)) {
            problem.setProperty(CORRELATION_ID, String.valueOf(CorrelationId.current()));
        }
        return problem;
    }

    private static URI type(String slug) {
        return URI.create(BASE + slug);
    }
}
