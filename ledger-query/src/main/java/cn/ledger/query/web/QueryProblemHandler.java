package cn.ledger.query.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem+json; framework errors (bad parameters, failed constraints) are mapped
 * by the base class to 400 problem details naming the parameter.
 */
@RestControllerAdvice
public class QueryProblemHandler extends ResponseEntityExceptionHandler {

    static final URI NOT_FOUND = URI.create("urn:ledger:problem:not-found");

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
        problem.setType(NOT_FOUND);
        problem.setTitle("Not found");
        return problem;
    }
}
