package cn.ledger.query.web;

import cn.ledger.security.web.LedgerProblemHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * ledger-query's errors: the shared error layer ({@link LedgerProblemHandler}) as it is; the service
 * has no exceptions of its own.
 */
@RestControllerAdvice
public class QueryProblemHandler extends LedgerProblemHandler {}
