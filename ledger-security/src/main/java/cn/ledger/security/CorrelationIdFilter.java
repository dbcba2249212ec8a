package cn.ledger.security;

import cn.ledger.security.web.CorrelationId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request gets a correlation id, taken from {@code X-Correlation-Id} when well-formed, echoed in
 * the response, put in the request's scope ({@link CorrelationId#current()}), in the logs
 * ({@code %X{correlationId}}) and in every problem answer. Runs before authentication, so that a 401
 * quotes it too.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlation = request.getHeader(HEADER);
        if (correlation == null || !WELL_FORMED.matcher(correlation).matches()) {
            correlation = UUID.randomUUID().toString();
        }
        request.setAttribute(CorrelationId.ATTRIBUTE, correlation);
        response.setHeader(HEADER, correlation);
        MDC.put(CorrelationId.MDC_KEY, correlation);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CorrelationId.MDC_KEY);
        }
    }
}
