package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemResponsesTest {

    @Test
    void anUnexpectedFaultAnswersOnlyTheCorrelationId() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/cadres");
        request.setAttribute(CorrelationIdFilter.ATTRIBUTE, "req-42");
        ProblemDetail problem = ProblemResponses.unexpected(
                new IllegalStateException("SELECT * FROM secret_table failed"), request);
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getType().toString()).isEqualTo(ProblemResponses.INTERNAL);
        assertThat(problem.getDetail()).contains("req-42").doesNotContain("SELECT").doesNotContain("Exception");
        assertThat(problem.getProperties()).containsEntry("correlationId", "req-42");
    }

    @Test
    void aFilterWrittenProblemIsValidJsonWithEscapedText() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/x\"y");
        request.setAttribute(CorrelationIdFilter.ATTRIBUTE, "c-1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        ProblemResponses.write(request, response, 401, ProblemResponses.UNAUTHENTICATED, "Unauthenticated",
                "line\nbreak \"quoted\"");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.getContentAsByteArray());
        assertThat(json.get("type").asText()).isEqualTo(ProblemResponses.UNAUTHENTICATED);
        assertThat(json.get("detail").asText()).isEqualTo("line\nbreak \"quoted\"");
        assertThat(json.get("instance").asText()).isEqualTo("/api/v1/x\"y");
        assertThat(json.get("correlationId").asText()).isEqualTo("c-1");
    }

    @Test
    void springsOwnProblemsGetAStableType() {
        ProblemDetail problem = ProblemDetail.forStatus(415);
        ProblemResponses.stable(problem, "c-2");
        assertThat(problem.getType().toString()).isEqualTo("urn:ledger:problem:unsupported-media-type");
        assertThat(problem.getProperties()).containsEntry("correlationId", "c-2");
    }
}
