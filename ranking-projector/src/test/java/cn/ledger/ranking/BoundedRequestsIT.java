package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.UnitCategory;
import cn.ledger.projection.ProjectionKafkaConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Months, quarters, dates and ids outside their range are 400 problems naming the parameter (they were
 * 500s); health answers DOWN while the consumer of the ledger's events is stopped.
 */
class BoundedRequestsIT extends RankingProjectorIT {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void parametersOutsideTheirRangeAreProblemsNamingThem() throws Exception {
        unit("u-bnd", UnitCategory.DISTRICT, null);
        for (String export : List.of("", ".csv", ".xlsx")) {
            problem("/api/v1/rankings/monthly/0000-01" + export, "month");
            problem("/api/v1/rankings/monthly/9999-12" + export, "month");
            problem("/api/v1/cards/board" + export + "?quarter=2023-Q3&issuedBy=" + "u".repeat(4_500), "issuedBy");
            problem("/api/v1/cards/board" + export + "?quarter=0000-Q1", "quarter");
        }
        problem("/api/v1/rankings/monthly/0000-01/versions", "month");
        problem("/api/v1/tallies/monthly/0000-01", "month");
        problem("/api/v1/accountability?from=0000-01&to=2023-12", "from");
        problem("/api/v1/assignments/completion?from=%2B999999999-01-01&to=%2B999999999-12-31", "from");
        problem("/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30&asOf=-999999999-01-01", "asOf");
        problem("/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30&unitId=" + "u".repeat(65), "unitId");

        // the last month and quarter served are answered, and the first quarter's board
        assertThat(raw("/api/v1/rankings/monthly/2200-12").statusCode()).isEqualTo(200);
        // a month before the first scoring policy has no ranking: a rule of the ledger (422), not a failure to score it
        HttpResponse<String> unscored = raw("/api/v1/rankings/monthly/1900-01.csv");
        assertThat(unscored.statusCode()).as(unscored.body()).isEqualTo(422);
        assertThat(unscored.body()).contains("urn:ledger:problem:rule-violation").contains("\"field\":\"month\"");
        assertThat(raw("/api/v1/cards/board.csv?quarter=2200-Q4&issuedBy=u-bnd").statusCode()).isEqualTo(200);
        assertThat(raw("/api/v1/cards/board.csv?quarter=1900-Q1").statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsDownWhileTheConsumerOfTheLedgersEventsIsStopped() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health("/actuator/health").path("status").asText()).isEqualTo("UP"));
        MessageListenerContainer live = listeners.getListenerContainer(ProjectionKafkaConfig.LIVE_LISTENER);
        live.stop();
        try {
            assertThat(health("/actuator/health").path("status").asText()).isEqualTo("DOWN");
            assertThat(health("/actuator/health/readiness").path("status").asText()).isEqualTo("DOWN");
            assertThat(health("/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        } finally {
            live.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health("/actuator/health/readiness").path("status").asText()).isEqualTo("UP"));
    }

    private JsonNode health(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isIn(200, 503);
        return JSON.readTree(response.body());
    }

    private void problem(String path, String field) throws Exception {
        HttpResponse<String> response = raw(path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
        assertThat(response.body()).as(path).contains("urn:ledger:problem:validation")
                .contains("\"field\":\"" + field + "\"").doesNotContain("Exception");
    }
}
