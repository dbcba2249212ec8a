package cn.ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Method-validation failures as 400, and refusals raised inside a controller (a unit outside the caller's scope, another cadre's record) as
 * 403 problem+json; ahead of each service's own handler, whose catch-all would make them 500s.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityProblemAdvice {

    public record FieldError(String field, String reason) {}

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException ex, HttpServletRequest request) {
        List<FieldError> errors = ex instanceof OutOfScope scope
                ? List.of(new FieldError(scope.field(), ex.getMessage())) : List.of();
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem(HttpStatus.FORBIDDEN,
                ProblemResponses.FORBIDDEN, "Forbidden", ex.getMessage(), errors, request));
    }

    /** A path variable or query parameter outside its constraint (method validation): 400 naming it. */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolated(jakarta.validation.ConstraintViolationException ex,
            HttpServletRequest request) {
        List<FieldError> errors = ex.getConstraintViolations().stream().map(v -> {
            String field = null;
            for (jakarta.validation.Path.Node node : v.getPropertyPath()) {
                field = node.getName();
            }
            return new FieldError(field, v.getMessage());
        }).toList();
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ProblemResponses.BASE + "validation",
                "Invalid request", "The request has " + errors.size() + " invalid parameter(s)", errors, request));
    }

    /** A query parameter outside the range {@link cn.ledger.security.web.RequestParams} holds it to: 400 naming it. */
    @ExceptionHandler(cn.ledger.security.web.RequestParams.Invalid.class)
    ResponseEntity<ProblemDetail> parameterOutOfRange(cn.ledger.security.web.RequestParams.Invalid ex,
            HttpServletRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ProblemResponses.BASE + "validation",
                "Invalid request", "The request has 1 invalid parameter(s)",
                List.of(new FieldError(ex.parameter(), ex.getMessage())), request));
    }

    /**
     * A query parameter the servlet container could not decode (percent-encoding that is not UTF-8): 400
     * naming it, not the 500 the container's exception would otherwise become.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException ex,
            HttpServletRequest request) {
        java.util.regex.Matcher name = java.util.regex.Pattern.compile("Parameter \\[([^\\]]{1,64})]")
                .matcher(String.valueOf(ex.getMessage()));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ProblemResponses.BASE + "validation",
                "Invalid request", "The request has 1 invalid parameter(s)",
                List.of(new FieldError(name.find() ? name.group(1) : null, "is not valid UTF-8 once percent-decoded")),
                request));
    }

    @ExceptionHandler(DemoTokenController.DemoUserUnknown.class)
    ResponseEntity<ProblemDetail> unknownDemoUser(DemoTokenController.DemoUserUnknown ex, HttpServletRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, ProblemResponses.BASE + "validation",
                "Invalid request", ex.getMessage(), List.of(new FieldError("user", ex.getMessage())), request));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail,
            List<FieldError> errors, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        problem.setProperties(Map.of("errors", errors, "correlationId",
                String.valueOf(CorrelationIdFilter.of(request))));
        return problem;
    }
}
