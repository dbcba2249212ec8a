package cn.ledger.query.web;

import cn.ledger.security.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem+json with a stable {@code type} and, for bad parameters, the
 * parameters at fault under {@code errors}.
 */
@RestControllerAdvice
public class QueryProblemHandler extends ResponseEntityExceptionHandler {

    static final URI NOT_FOUND = URI.create("urn:ledger:problem:not-found");
    static final URI VALIDATION = URI.create("urn:ledger:problem:validation");

    public record FieldError(String field, String reason) {}

    /** Spring's own problems (no such path, wrong method, media type, …) get a stable type and the correlation id. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            ProblemResponses.stable(problem, ProblemResponses.currentCorrelationId());
        }
        return response;
    }

    /** Anything unexpected: 500 quoting the correlation id, which the log line carries too; no stack trace. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ProblemResponses.unexpected(ex, request));
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return ProblemResponses.stable(problem, ProblemResponses.currentCorrelationId());
    }

    @ExceptionHandler(BadParameter.class)
    ProblemDetail badParameter(BadParameter ex) {
        return invalid(List.of(new FieldError(ex.parameter(), ex.getMessage())));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String expected = ex.getRequiredType() == null ? "a valid value" : ex.getRequiredType().isEnum()
                ? "one of " + List.of(ex.getRequiredType().getEnumConstants())
                : "a valid " + ex.getRequiredType().getSimpleName();
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(ex.getPropertyName(),
                "'" + ex.getValue() + "' is not " + expected))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(ex.getParameterName(),
                "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldError(
                        result.getMethodParameter().getParameterName(), message(error))))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + errors.size() + " invalid parameter(s)");
        problem.setType(VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ProblemResponses.stable(problem, ProblemResponses.currentCorrelationId());
    }
}
