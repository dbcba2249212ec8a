package cn.ledger.projection;

import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer of a query that named streams says how far they were applied: in the {@code Ledger-Applied}
 * header (every answer: JSON, CSV, .xlsx), and a JSON object also under {@code ledgerApplied}: per stream, the
 * sequence applied when the query began, in the shape of {@code judgedOn} ({@code streamId},
 * {@code sequence}; -1 when none of the stream was applied). The same as the {@code Ledger-Applied}
 * header, which CSV and .xlsx answers carry alone.
 */
@RestControllerAdvice
public class LedgerAppliedBody implements ResponseBodyAdvice<Object> {

    public static final String FIELD = "ledgerApplied";

    private final JsonMapper json;

    public LedgerAppliedBody(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail || !(request instanceof ServletServerHttpRequest servlet)
                || !(servlet.getServletRequest().getAttribute(ReadYourWrites.ATTRIBUTE)
                        instanceof AppliedPositions.Outcome outcome)) {
            return body;
        }
        response.getHeaders().set(ReadYourWrites.APPLIED_HEADER, ReadYourWrites.header(outcome.applied()));
        if (body == null || body instanceof CharSequence || body instanceof byte[] || contentType == null
                || !contentType.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return body;
        }
        JsonNode tree = json.valueToTree(body);
        if (!(tree instanceof ObjectNode object) || object.has(FIELD)) {
            return body;
        }
        ArrayNode applied = object.putArray(FIELD);
        for (Map.Entry<String, Long> stream : outcome.applied().entrySet()) {
            applied.addObject().put("streamId", stream.getKey()).put("sequence", stream.getValue());
        }
        return object;
    }
}
