package cn.ledger.ranking.web;

import cn.ledger.security.web.LedgerProblemHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * ranking-projector's errors: the shared error layer ({@link LedgerProblemHandler}) as it is; the
 * service has no exceptions of its own.
 */
@RestControllerAdvice
public class RankingProblemHandler extends LedgerProblemHandler {}
