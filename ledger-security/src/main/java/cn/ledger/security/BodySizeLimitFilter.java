package cn.ledger.security;

import cn.ledger.security.web.BufferedBodyRequest;
import cn.ledger.security.web.ProblemWriter;
import cn.ledger.security.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies larger than {@code ledger.security.max-body-size} are answered 413 problem+json before
 * anything reads them: a declared length is checked up front, a chunked body is read up to the limit.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long ordinaryLimit;
    private final List<LargeBody> largeBodies;

    public BodySizeLimitFilter(long limit) {
        this(limit, List.of());
    }

    /** {@code largeBodies}: paths (method and exact path) allowed a larger body of their own. */
    public BodySizeLimitFilter(long limit, List<LargeBody> largeBodies) {
        this.ordinaryLimit = limit;
        this.largeBodies = List.copyOf(largeBodies);
    }

    private long limitOf(HttpServletRequest request) {
        for (LargeBody large : largeBodies) {
            if (large.method().equalsIgnoreCase(request.getMethod()) && large.path().equals(request.getRequestURI())) {
                return large.maxBytes();
            }
        }
        return ordinaryLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitOf(request);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(request, response, limit);
            return;
        }
        boolean hasBody = declared > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            chain.doFilter(request, response);
            return;
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
            tooLarge(request, response, limit);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        ProblemWriter.write(request, response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                "Payload too large", "The request body is larger than " + limit + " bytes", List.of()));
    }
}
