package cn.ledger.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

class ProblemsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Entry(java.math.BigDecimal points, List<Item> items, HttpStatus colour) {}

    record Item(int count) {}

    static MockHttpServletRequest inRequest(String correlation) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/cadres");
        request.setAttribute(CorrelationId.ATTRIBUTE, correlation);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }

    @AfterEach
    void leaveTheRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void anUnexpectedFaultAnswersOnlyTheCorrelationId() {
        inRequest("req-42");
        ResponseEntity<ProblemDetail> answer = new LedgerProblemHandler() {}
                .anyOther(new IllegalStateException("SELECT * FROM secret_table failed"));
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType()).isEqualTo(Problems.INTERNAL);
        assertThat(problem.getDetail()).contains("req-42").doesNotContain("SELECT").doesNotContain("Exception");
        assertThat(problem.getProperties()).containsEntry("correlationId", "req-42");
    }

    @Test
    void aFilterWrittenProblemIsValidJsonWithEscapedText() throws Exception {
        MockHttpServletRequest request = inRequest("c-1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        ProblemWriter.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                "Unauthenticated", "line\nbreak \"quoted\"", List.of()));
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        var json = JSON.readTree(response.getContentAsByteArray());
        assertThat(json.get("type").asString()).isEqualTo("urn:ledger:problem:unauthenticated");
        assertThat(json.get("detail").asString()).isEqualTo("line\nbreak \"quoted\"");
        assertThat(json.get("instance").asString()).isEqualTo("/api/v1/cadres");
        assertThat(json.get("correlationId").asString()).isEqualTo("c-1");
        assertThat(json.get("errors").isArray()).isTrue();
    }

    @Test
    void springsOwnProblemsGetAStableTypeAndLoseAnyCodeTheyQuote() {
        inRequest("c-2");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Required request body is missing: public cn.ledger.command.web.CommandResult x(java.lang.String)");
        Problems.stable(problem);
        assertThat(problem.getType().toString()).isEqualTo("urn:ledger:problem:unsupported-media-type");
        assertThat(problem.getProperties()).containsEntry("correlationId", "c-2");
        assertThat(problem.getDetail()).isEqualTo("Unsupported Media Type");
    }

    @Test
    void anUnreadableBodyIsDescribedInTheCallersTerms() {
        inRequest("c-3");
        assertThat(unreadable("{\"points\":\"lots\"}").getProperties().get("errors"))
                .isEqualTo(List.of(new Problems.FieldError("points", "cannot be read as the expected type or value")));
        assertThat(unreadable("{\"items\":[{\"count\":\"x\"}]}").getDetail()).contains("items.0.count");
        assertThat(unreadable("{\"colour\":\"MAUVE\"}").getDetail()).contains("colour must be one of [");
        assertThat(unreadable("{\"points\":").getDetail()).startsWith("The body is not well-formed JSON");
        ProblemDetail missing = LedgerProblemHandler.unreadable(new HttpMessageNotReadableException(
                "Required request body is missing: public cn.ledger.command.web.CommandResult "
                        + "cn.ledger.command.cadre.CadreController.register(java.lang.String)",
                new MockHttpInputMessage(new byte[0])));
        assertThat(missing.getDetail()).isEqualTo("The request body is missing");
        for (String body : List.of("{\"points\":\"lots\"}", "{\"colour\":\"MAUVE\"}", "{\"points\":", "[1,2]",
                "{\"items\":{}}", "{\"nope\":1}")) {
            ProblemDetail problem = unreadable(body);
            assertThat(problem.getType()).isEqualTo(Problems.MALFORMED);
            assertThat(SafeText.isSafe(problem.getDetail())).as(problem.getDetail()).isTrue();
            assertThat(SafeText.isSafe(String.valueOf(problem.getProperties()))).isTrue();
        }
    }

    static ProblemDetail unreadable(String body) {
        JsonMapper strict = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try {
            strict.readValue(body, Entry.class);
        } catch (RuntimeException e) {
            return LedgerProblemHandler.unreadable(new HttpMessageNotReadableException("JSON parse error: "
                    + e.getMessage(), e, new MockHttpInputMessage(body.getBytes())));
        }
        throw new AssertionError("read: " + body);
    }
}
