package cn.ledger.security.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure to reach the database (the pool cannot get a connection, the connection broke, the
 * server is shutting down or refuses connections, a statement was cancelled by its time limit) from every
 * other failure, however Spring, Axon or a filter wrapped it. Such a request changed nothing and can be
 * sent again once the database is back: 503 {@link Problems#UNAVAILABLE} with {@code Retry-After}, in all
 * three services, never 500.
 */
public final class StorageUnavailable {

    /** Seconds a client is asked to wait before retrying ({@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 5;

    private StorageUnavailable() {}

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof QueryTimeoutException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (server shutting down or not yet up) and
     * 57014 (a statement cancelled by its time limit).
     */
    public static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("57014"));
    }

    /** The answer: 503 problem+json of type {@link Problems#UNAVAILABLE} with {@code Retry-After}. */
    public static ResponseEntity<ProblemDetail> answer(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(problem(detail));
    }

    /** The 503 problem body, for a filter that writes it itself (then set {@code Retry-After} too). */
    public static ProblemDetail problem(String detail) {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.UNAVAILABLE, "Unavailable", detail, List.of());
    }
}
