package cn.ledger.ranking.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors as RFC 9457 problem+json: framework errors (bad parameters, failed constraints) are mapped
 * by the base class to 400 problem details naming the parameter.
 */
@RestControllerAdvice
public class RankingProblemHandler extends ResponseEntityExceptionHandler {
}
