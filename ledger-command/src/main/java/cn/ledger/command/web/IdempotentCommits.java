package cn.ledger.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Marks a request's {@code Idempotency-Key} as committed in the same transaction as the events its command
 * appends (a handler interceptor on the command bus, whose unit of work holds the Spring transaction), so
 * that {@link IdempotencyFilter} never runs a committed request again when its claim is taken over.
 */
@Component
public class IdempotentCommits {

    static final String CALLER = "ledger.idempotency.caller";
    static final String KEY = "ledger.idempotency.key";
    static final String CALLER_METADATA = "idempotencyCaller";
    static final String KEY_METADATA = "idempotencyKey";

    public IdempotentCommits(CommandBus commandBus, JdbcTemplate jdbc) {
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object caller = unitOfWork.getMessage().getMetaData().get(CALLER_METADATA);
            Object key = unitOfWork.getMessage().getMetaData().get(KEY_METADATA);
            if (caller != null && key != null) {
                unitOfWork.onPrepareCommit(u -> jdbc.update(
                        "UPDATE idempotency_key SET committed_at = now() WHERE caller = ? AND idempotency_key = ?",
                        caller, key));
            }
            return chain.proceed();
        });
    }

    /** The current request's claimed key and its caller, as command metadata; empty outside such a request. */
    static java.util.Map<String, Object> metadata() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            Object caller = request.getAttribute(CALLER);
            Object key = request.getAttribute(KEY);
            if (caller != null && key != null) {
                return java.util.Map.of(CALLER_METADATA, caller, KEY_METADATA, key);
            }
        }
        return java.util.Map.of();
    }
}
