package cn.ledger.security.web;

import cn.ledger.security.OutOfScope;
import cn.ledger.security.web.Problems.FieldError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The base of every service's {@code @RestControllerAdvice}: each error as RFC 9457 problem+json from
 * the {@link Problems} catalogue, with the fields at fault and the correlation id, and never a class
 * name, a method signature or a parser's own words. A service's handler extends this one and adds only
 * its own exceptions; a fault nobody expected goes through {@link #unexpected(Exception)}.
 */
public abstract class LedgerProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(LedgerProblemHandler.class);

    /** Spring's own problems (no such path, wrong method, media type, …): a stable type and the correlation id. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            Problems.stable(problem);
        }
        return response;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors()
                .forEach(e -> errors.add(new FieldError(e.getField(), message(e))));
        ex.getBindingResult().getGlobalErrors()
                .forEach(e -> errors.add(new FieldError(e.getObjectName(), message(e))));
        return ResponseEntity.badRequest().body(Problems.invalid(
                "The request has " + errors.size() + " invalid field(s)", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(unreadable(ex));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Class<?> type = ex.getRequiredType();
        String expected = type == null ? "a valid value" : type.isEnum()
                ? "one of " + Arrays.toString(type.getEnumConstants())
                : "a valid " + type.getSimpleName();
        return ResponseEntity.badRequest().body(Problems.invalid("The request has 1 invalid parameter(s)",
                List.of(new FieldError(ex.getPropertyName(), "'" + shortened(ex.getValue()) + "' is not " + expected))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalid("The request has 1 invalid parameter(s)",
                List.of(new FieldError(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldError(
                        result.getMethodParameter().getParameterName(), message(error))))
                .toList();
        return ResponseEntity.badRequest().body(Problems.invalid(
                "The request has " + errors.size() + " invalid parameter(s)", errors));
    }

    @ExceptionHandler(BadParameter.class)
    public ResponseEntity<ProblemDetail> badParameter(BadParameter ex) {
        return ResponseEntity.badRequest().body(Problems.invalid("The request has 1 invalid parameter(s)",
                List.of(new FieldError(ex.parameter(), ex.getMessage()))));
    }

    @ExceptionHandler(RuleRefused.class)
    public ResponseEntity<ProblemDetail> ruleRefused(RuleRefused ex) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT,
                Problems.RULE, "Rule violated", ex.field() + " " + ex.getMessage(),
                List.of(new FieldError(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(NotFound.class)
    public ResponseEntity<ProblemDetail> notFound(NotFound ex) {
        List<FieldError> errors = ex.field() == null ? List.of() : List.of(new FieldError(ex.field(), ex.getMessage()));
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", ex.getMessage(), errors));
    }

    /** A refusal raised inside a controller: a unit outside the caller's scope (named), another cadre's record. */
    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ProblemDetail> denied(AccessDeniedException ex) {
        List<FieldError> errors = ex instanceof OutOfScope scope
                ? List.of(new FieldError(scope.field(), ex.getMessage())) : List.of();
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
                "Forbidden", ex.getMessage(), errors));
    }

    /** A path variable or query parameter outside its constraint (method validation): 400 naming it. */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    public ResponseEntity<ProblemDetail> constraintViolated(jakarta.validation.ConstraintViolationException ex) {
        List<FieldError> errors = ex.getConstraintViolations().stream().map(v -> {
            String field = null;
            for (jakarta.validation.Path.Node node : v.getPropertyPath()) {
                field = node.getName();
            }
            return new FieldError(field, v.getMessage());
        }).toList();
        return ResponseEntity.badRequest().body(Problems.invalid(
                "The request has " + errors.size() + " invalid parameter(s)", errors));
    }

    /** A query string the servlet container cannot decode (percent-encoded bytes that are not UTF-8): 400. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    public ResponseEntity<ProblemDetail> undecodableParameters(org.apache.tomcat.util.http.InvalidParameterException ex) {
        return ResponseEntity.badRequest().body(Problems.invalid(
                "The query string cannot be decoded: a parameter is not percent-encoded UTF-8", List.of()));
    }

    /**
     * The database cannot be reached (no connection within the pool's timeout, a broken connection, a
     * server shutting down, a statement over its time limit): 503 with {@code Retry-After}, in every service.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessResourceException.class, QueryTimeoutException.class})
    public ResponseEntity<ProblemDetail> storageUnavailable(Exception ex) {
        log.warn("storage unavailable: {}", ex.toString());
        return StorageUnavailable.answer(unavailableDetail());
    }

    /** What a 503 says; the command service adds that a retry may use the same Idempotency-Key. */
    protected String unavailableDetail() {
        return "The service's storage is unavailable. Retry later.";
    }

    @ExceptionHandler(Exception.class)
    public final ResponseEntity<ProblemDetail> anyOther(Exception ex) {
        return unexpected(ex);
    }

    /**
     * A fault no handler expected: 500 quoting only the correlation id, which the log line carries with
     * the stack trace; a failure to reach the database, however wrapped, is the 503 above instead. A
     * service overrides this to tell a fault of its own first.
     */
    protected ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (StorageUnavailable.isCause(ex)) {
            return storageUnavailable(ex);
        }
        String correlation = CorrelationId.current();
        log.error("unexpected failure, correlation id {}", correlation, ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL, "Internal error",
                "An unexpected error occurred; quote correlation id " + correlation, List.of()));
    }

    /**
     * A body that cannot be read, described in the caller's terms: missing, not well-formed JSON (where),
     * or a field that cannot be read as its type (which, and for an enum its values).
     */
    public static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        List<FieldError> errors = fieldAtFault(ex);
        String detail;
        if (!errors.isEmpty()) {
            detail = "The body is not valid JSON of the expected shape: " + errors.stream()
                    .map(e -> e.field() + " " + e.reason()).collect(Collectors.joining("; "));
        } else if (ex.getCause() == null && ex.getMessage() != null
                && ex.getMessage().startsWith("Required request body is missing")) {
            detail = "The request body is missing";
        } else {
            JacksonException parser = find(ex, JacksonException.class);
            TokenStreamLocation where = parser == null ? null : parser.getLocation();
            detail = parser == null || parser instanceof DatabindException
                    ? "The body is not valid JSON of the expected shape"
                    : "The body is not well-formed JSON" + (where == null || where.getLineNr() < 0 ? ""
                            : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
        }
        return Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED, "Malformed request", detail, errors);
    }

    /** The field a body could not be read at (a wrong type, an unknown enum value or field), when the parser says. */
    public static List<FieldError> fieldAtFault(Throwable failure) {
        DatabindException d = find(failure, DatabindException.class);
        if (d == null || d.getPath().isEmpty()) {
            // the parser itself stopped (a key given twice, a number too long to read): where it stood
            tools.jackson.core.exc.StreamReadException r = find(failure, tools.jackson.core.exc.StreamReadException.class);
            if (r != null && r.processor() != null && r.processor().streamReadContext() != null) {
                String at = r.processor().streamReadContext().pathAsPointer().toString();
                String message = r.getMessage() == null ? "" : r.getMessage();
                boolean duplicate = message.startsWith("Duplicate");
                boolean number = message.matches("(?is).*(number|numeric|exponent|digit).*");
                // only a key given twice or a number the parser would not read is the field's fault; a body
                // that merely ends early, or breaks JSON's syntax, is not well-formed JSON
                if (!at.isEmpty() && (duplicate || number)) {
                    return List.of(new FieldError(at.substring(1).replace('/', '.'),
                            duplicate ? "is given more than once" : "cannot be read"));
                }
            }
            return List.of();
        }
        String path = d.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                : Integer.toString(r.getIndex())).collect(Collectors.joining("."));
        String reason = "cannot be read as the expected type or value";
        if (d instanceof UnrecognizedPropertyException) {
            reason = "is not a field of this request";
        } else if (d instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            reason = "must be one of " + Arrays.toString(f.getTargetType().getEnumConstants());
        }
        return List.of(new FieldError(path, reason));
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String shortened(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
