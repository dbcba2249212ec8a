package cn.ledger.command.web;

import cn.ledger.command.RuleViolation;
import cn.ledger.security.CorrelationIdFilter;
import cn.ledger.security.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json with a stable {@code type}, a {@code detail}, the fields at
 * fault under {@code errors}, and the request's correlation id; never a stack trace or SQL.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public record FieldError(String field, String reason) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                "The request has " + errors.size() + " invalid field(s)", errors, correlation(request));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED, "Malformed request",
                "The body is not valid JSON of the expected shape: " + rootMessage(ex), fieldAtFault(ex),
                correlation(request));
        return ResponseEntity.badRequest().body(problem);
    }

    /** The field a body could not be read at (a wrong type, an unknown enum value), when the parser says. */
    static List<FieldError> fieldAtFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String path = null;
            if (t instanceof tools.jackson.core.JacksonException d && !d.getPath().isEmpty()) {
                path = d.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                        : Integer.toString(r.getIndex())).collect(java.util.stream.Collectors.joining("."));
            } else if (t instanceof tools.jackson.core.exc.StreamReadException r && r.processor() != null
                    && r.processor().streamReadContext() != null
                    && !r.processor().streamReadContext().pathAsPointer().toString().isEmpty()) {
                // the parser itself stopped (a key given twice, a number too long to read): where it stood
                String at = r.processor().streamReadContext().pathAsPointer().toString().substring(1).replace('/', '.');
                boolean duplicate = r.getMessage() != null && r.getMessage().startsWith("Duplicate");
                return List.of(new FieldError(at, duplicate ? "is given more than once" : "cannot be read"));
            } else if (t instanceof com.fasterxml.jackson.databind.JsonMappingException j && !j.getPath().isEmpty()) {
                path = j.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : Integer.toString(r.getIndex())).collect(java.util.stream.Collectors.joining("."));
            }
            if (path != null) {
                return List.of(new FieldError(path, "cannot be read as the expected type or value"));
            }
        }
        return List.of();
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ProblemResponses.stable(problem, correlation(request));
        }
        return response;
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation ex, HttpServletRequest request) {
        HttpStatus status = switch (ex.kind()) {
            case CONFLICT -> HttpStatus.CONFLICT;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        URI type = switch (ex.kind()) {
            case CONFLICT -> Problems.CONFLICT;
            case NOT_FOUND -> Problems.NOT_FOUND;
            case INVALID -> Problems.RULE;
        };
        String title = switch (ex.kind()) {
            case CONFLICT -> "Conflict";
            case NOT_FOUND -> "Not found";
            case INVALID -> "Rule violated";
        };
        return ResponseEntity.status(status).body(problem(status, type, title,
                ex.field() + " " + ex.getMessage(), List.of(new FieldError(ex.field(), ex.getMessage())),
                correlation(request)));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ProblemDetail> notFound(NotFound ex, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "Not found", ex.getMessage(), List.of(new FieldError(ex.field(), ex.getMessage())),
                correlation(request)));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException ex, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "Not found", "No record of " + ex.getAggregateIdentifier() + " in the ledger", List.of(),
                correlation(request)));
    }

    /** Another command appended to the stream first, every retry over: nothing was appended; send it again. */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrency(ConcurrencyException ex, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, Problems.CONFLICT,
                "Conflict", "Other commands changed this record's stream at the same time; nothing was appended. "
                        + "Send the command again.", List.of(), correlation(request)));
    }

    @ExceptionHandler(AlreadyExists.class)
    ResponseEntity<ProblemDetail> alreadyExists(AlreadyExists ex, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, Problems.ALREADY_EXISTS,
                "Already exists", ex.field() + " " + ex.getMessage() + "; nothing was appended",
                List.of(new FieldError(ex.field(), ex.getMessage())), correlation(request)));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException ex, HttpServletRequest request) {
        Throwable cause = ex.getCause();
        if (cause instanceof RuleViolation v) {
            return ruleViolation(v, request);
        }
        if (cause instanceof AggregateNotFoundException n) {
            return aggregateNotFound(n, request);
        }
        if (cause instanceof ConcurrencyException c) {
            return concurrency(c, request);
        }
        if (cause instanceof AlreadyExists a) {
            return alreadyExists(a, request);
        }
        return unexpected(ex, request);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) {
        log.warn("storage unavailable: {}", ex.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(StorageUnavailable.RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Unavailable",
                        "The ledger's storage is unavailable. Retry later, with the same Idempotency-Key.", List.of(),
                        correlation(request)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        if (StorageUnavailable.isCause(ex)) {
            return unavailable(ex, request);
        }
        String correlation = correlation(request);
        log.error("unexpected failure, correlation id {}", correlation, ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                Problems.INTERNAL, "Internal error",
                "An unexpected error occurred; quote correlation id " + correlation, List.of(), correlation));
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail,
            List<FieldError> errors, String correlation) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setProperties(Map.of("errors", errors, "correlationId", String.valueOf(correlation)));
        return problem;
    }

    private static String correlation(WebRequest request) {
        return (String) request.getAttribute(CorrelationIdFilter.ATTRIBUTE, WebRequest.SCOPE_REQUEST);
    }

    private static String correlation(HttpServletRequest request) {
        return (String) CorrelationIdFilter.of(request);
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int cut = message.indexOf("\n at [Source");
        message = cut > 0 ? message.substring(0, cut) : message;
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
