package cn.ledger.security.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container forwards to {@code /error} — a request refused before any controller saw it
 * (the security firewall's refusal of {@code //}, {@code %2e} or {@code %25} in a path, an unmapped
 * path) — answered as problem+json from the one catalogue instead of Spring Boot's plain error map.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {"application/problem+json", MediaType.APPLICATION_JSON_VALUE, "*/*"})
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly rather than forwarded by the container: there is no such resource
        int status = code instanceof Integer c ? c : 404;
        if (status < 400 || status > 599) {
            status = 500;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String title = resolved == null ? "Error" : resolved.getReasonPhrase();
        String detail = status == 404 ? "No such resource"
                : status < 500 ? "The request cannot be answered as sent (its path or form is refused)"
                : "An unexpected error occurred; quote the correlation id";
        ProblemDetail problem = Problems.of(HttpStatus.valueOf(status), Problems.forStatus(status), title, detail,
                List.of());
        return ResponseEntity.status(status).contentType(MediaType.valueOf(ProblemWriter.MEDIA_TYPE)).body(problem);
    }
}
