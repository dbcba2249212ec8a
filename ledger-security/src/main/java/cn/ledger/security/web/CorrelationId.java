package cn.ledger.security.web;

import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The correlation id of the request being handled, held in the request's own scope (put there, and in
 * the logging MDC, by the correlation filter before anything else runs). Controllers, the command
 * sender and the problem handlers read it from here rather than being handed the servlet request.
 */
public final class CorrelationId {

    /** The request attribute holding the id. */
    public static final String ATTRIBUTE = CorrelationId.class.getName();
    /** The MDC key ({@code %X{correlationId}} in log patterns). */
    public static final String MDC_KEY = "correlationId";

    private CorrelationId() {}

    /** The id of the current request; outside a request, the one in the MDC, else null. */
    public static String current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            Object id = attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
            if (id != null) {
                return (String) id;
            }
        }
        return MDC.get(MDC_KEY);
    }
}
