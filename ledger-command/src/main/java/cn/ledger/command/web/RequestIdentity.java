package cn.ledger.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who is calling and which request this is. Every request gets a correlation id (taken from
 * {@code X-Correlation-Id} when it is well-formed), echoed in the response and put in the logs. A
 * command must name its caller in {@code X-Ledger-User}; it is the identity written into every event
 * the command causes. Requests to {@code /api} that change something without one are answered 401.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdentity extends OncePerRequestFilter {

    public static final String USER_HEADER = "X-Ledger-User";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    static final String USER_ATTRIBUTE = RequestIdentity.class.getName() + ".user";
    static final String CORRELATION_ATTRIBUTE = RequestIdentity.class.getName() + ".correlation";

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlation = request.getHeader(CORRELATION_HEADER);
        if (correlation == null || !WELL_FORMED.matcher(correlation).matches()) {
            correlation = UUID.randomUUID().toString();
        }
        request.setAttribute(CORRELATION_ATTRIBUTE, correlation);
        response.setHeader(CORRELATION_HEADER, correlation);
        MDC.put("correlationId", correlation);
        try {
            String user = request.getHeader(USER_HEADER);
            boolean changes = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                    && !"OPTIONS".equals(request.getMethod());
            if (changes && request.getRequestURI().startsWith("/api/")
                    && (user == null || !WELL_FORMED.matcher(user).matches())) {
                unauthenticated(response, correlation);
                return;
            }
            request.setAttribute(USER_ATTRIBUTE, user);
            chain.doFilter(request, response);
        } finally {
            MDC.remove("correlationId");
        }
    }

    private static void unauthenticated(HttpServletResponse response, String correlation) throws IOException {
        response.setStatus(401);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"" + Problems.UNAUTHENTICATED + "\",\"title\":\"Unauthenticated\","
                + "\"status\":401,\"detail\":\"A command must name its caller in the " + USER_HEADER + " header\","
                + "\"correlationId\":\"" + correlation + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
