package cn.ledger.ranking.monthly;

import cn.ledger.ranking.RankingProperties;
import cn.ledger.ranking.monthly.AccountabilityOutbox.Status;
import cn.ledger.ranking.monthly.AccountabilityOutbox.Trigger;
import cn.ledger.security.OutboundToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import cn.ledger.projection.rebuild.SwitchGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Asks ledger-command to open the accountability procedures in the outbox, so that each is part of
 * the audited history and reaches every consumer. The request carries an idempotency key made of the
 * unit and month, and ledger-command allows one procedure per unit and month, so a request repeated
 * after a lost answer, a restart or a rebuild of this projector opens nothing twice: a 409 means it is
 * already open. Unreachable or failing (5xx) ledger-command: tried again with growing pauses, never
 * dropped. It calls with its own service identity (a token from {@link OutboundToken}), which
 * ledger-command allows to open accountability procedures and nothing else; a 401 to a token from the
 * identity provider fetches a new one and sends once more, and no token at all is tried again later. Any other refusal is kept as REJECTED with ledger-command's answer, for an operator.
 */
@Component
public class AccountabilitySender {

    private static final Logger log = LoggerFactory.getLogger(AccountabilitySender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountabilityOutbox outbox;
    private final SwitchGate gate;
    private final RankingProperties properties;
    private final Clock clock;
    private final OutboundToken token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AccountabilitySender(AccountabilityOutbox outbox, RankingProperties properties, Clock clock, SwitchGate gate,
            OutboundToken token) {
        this.gate = gate;
        this.token = token;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ledger.ranking.accountability.send-interval:PT5S}",
            initialDelayString = "${ledger.ranking.accountability.send-interval:PT5S}")
    public void sendPending() {
        gate.write(this::sendPendingNow);
    }

    private void sendPendingNow() {
        for (Trigger trigger : outbox.pending(clock.instant(), 50)) {
            send(trigger);
        }
    }

    void send(Trigger trigger) {
        URI uri = properties.accountability().commandUrl()
                .resolve("/api/v1/units/" + trigger.unitId() + "/accountability-procedures");
        String key = "accountability-" + trigger.unitId() + "-" + trigger.month();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("month", trigger.month().toString());
            body.put("reason", "连续" + properties.consecutiveLastPlaces() + "个月在同类单位中排名末位（"
                    + trigger.firstMonth() + "至" + trigger.month() + "，月讲评第" + trigger.version()
                    + "版），依规启动问责程序");
            body.put("effectiveDate", LocalDate.ofInstant(trigger.createdAt(), properties.zone()).toString());
            String json = JSON.writeValueAsString(body);
            String authorization = token.authorization();
            HttpResponse<String> response = post(uri, key, json, authorization);
            if (response.statusCode() == 401 && token.refused(authorization)) {
                // a token from the identity provider refused (keys rotated, ended early): one new token, once
                response = post(uri, key, json, token.authorization());
            }
            int status = response.statusCode();
            Instant now = clock.instant();
            if (status == 201 || status == 200) {
                JsonNode answer = JSON.readTree(response.body());
                outbox.settle(trigger, Status.OPENED, answer.path("id").asText(null), null, now);
                log.info("accountability procedure opened for {} {}: {}", trigger.unitId(), trigger.month(),
                        response.body());
            } else if (status == 409 && IN_PROGRESS.equals(type(response))) {
                // the first request under this key is still being processed by ledger-command
                retry(trigger, "ledger-command answered " + status + ": " + detail(response));
            } else if (status == 409 || status == 422 && REUSED.equals(type(response))) {
                // the procedure is open, or was requested before under this unit and month's key (with other words)
                outbox.settle(trigger, Status.ALREADY_OPEN, null, detail(response), now);
                log.info("accountability procedure for {} {} was already open", trigger.unitId(), trigger.month());
            } else if (status >= 500 || status == 429 || status == 408) {
                retry(trigger, "ledger-command answered " + status + ": " + detail(response));
            } else {
                outbox.settle(trigger, Status.REJECTED, null, status + ": " + detail(response), now);
                log.error("ledger-command refused the accountability procedure for {} {}: {} {}", trigger.unitId(),
                        trigger.month(), status, response.body());
            }
        } catch (IOException e) {
            retry(trigger, "ledger-command unreachable: " + e);
        } catch (OutboundToken.Unavailable e) {
            retry(trigger, "no token for ranking-projector's service identity: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(URI uri, String key, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("Idempotency-Key", key)
                .header("X-Correlation-Id", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void retry(Trigger trigger, String error) {
        long pause = Math.min(600, 1L << Math.min(trigger.attempts(), 10));
        log.warn("accountability procedure for {} {} not sent yet, again in {} s: {}", trigger.unitId(),
                trigger.month(), pause, error);
        outbox.retryLater(trigger, error, clock.instant().plusSeconds(pause));
    }

    private static final String IN_PROGRESS = "urn:ledger:problem:idempotency-key-in-progress";
    private static final String REUSED = "urn:ledger:problem:idempotency-key-reused";

    /** The problem type of an answer, or null. */
    private static String type(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("type").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            return problem.path("detail").asText(response.body());
        } catch (IOException | RuntimeException e) {
            return response.body();
        }
    }
}
