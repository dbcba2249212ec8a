package cn.ledger.command.web;

import cn.ledger.command.RuleViolation;
import cn.ledger.security.web.LedgerProblemHandler;
import cn.ledger.security.web.Problems;
import cn.ledger.security.web.Problems.FieldError;
import java.net.URI;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The command API's own failures, on top of the shared error layer: a broken ledger rule (422), a clash
 * with what is recorded (409) and an unknown record (404); storage that cannot be reached is the shared
 * layer's 503.
 */
@RestControllerAdvice
public class ProblemHandler extends LedgerProblemHandler {


    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolation(RuleViolation ex) {
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
        return ResponseEntity.status(status).body(Problems.of(status, type, title,
                ex.field() + " " + ex.getMessage(), List.of(new FieldError(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                "Not found", "No record of " + ex.getAggregateIdentifier() + " in the ledger", List.of()));
    }

    /** Another command appended to the stream first, every retry over: nothing was appended; send it again. */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrency(ConcurrencyException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT,
                "Conflict", "Other commands changed this record's stream at the same time; nothing was appended. "
                        + "Send the command again.", List.of()));
    }

    @ExceptionHandler(AlreadyExists.class)
    ResponseEntity<ProblemDetail> alreadyExists(AlreadyExists ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, Problems.ALREADY_EXISTS,
                "Already exists", ex.field() + " " + ex.getMessage() + "; nothing was appended",
                List.of(new FieldError(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof RuleViolation v) {
            return ruleViolation(v);
        }
        if (cause instanceof AggregateNotFoundException n) {
            return aggregateNotFound(n);
        }
        if (cause instanceof ConcurrencyException c) {
            return concurrency(c);
        }
        if (cause instanceof AlreadyExists a) {
            return alreadyExists(a);
        }
        return unexpected(ex);
    }

    @Override
    protected String unavailableDetail() {
        return "The ledger's storage is unavailable. Retry later, with the same Idempotency-Key.";
    }
}
