package cn.ledger.security.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own refusals — a request line or header too large, a path that is not valid UTF-8 once decoded,
 * an encoded slash — happen before the application is reached; Tomcat would answer them with an HTML page.
 * This valve answers them as problem+json of the same catalogue, naming nothing of the server.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        ProblemDetail problem = Problems.of(resolved == null ? HttpStatus.BAD_REQUEST : resolved,
                Problems.forStatus(status), resolved == null ? "Error" : resolved.getReasonPhrase(),
                status < 500 ? "The request cannot be answered as sent (its request line, path or headers are refused)"
                        : "An unexpected error occurred", List.of());
        Problems.stable(problem);
        try {
            byte[] body = JSON.writeValueAsBytes(ProblemWriter.body(problem));
            response.setContentType(ProblemWriter.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer already started: nothing more to say
        }
    }
}
