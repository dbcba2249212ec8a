package cn.ledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import cn.ledger.security.testing.DatabaseOutage;
import cn.ledger.security.testing.ErrorTable;
import cn.ledger.security.testing.ErrorTable.Answer;
import cn.ledger.security.testing.ErrorTable.Case;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every row of docs/errors.md that names ledger-query, driven against the running service (real
 * PostgreSQL and Kafka) and checked for its status and problem type; a row without a case here or a case
 * without a row fails. The database outage comes last and is undone in the case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ErrorTableIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    LocalTokens tokens;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();

    String token(Role role) {
        return tokens.mint("error-table-" + role.claim(), List.of(role), List.of(), null);
    }

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Answer get(String path, Role role) throws Exception {
        return Answer.of(send("GET", path, role == null ? null : token(role)));
    }

    @Test
    void everyRowOfTheTableIsAnsweredAsItSays() throws Exception {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("bad-parameter", () -> get("/api/v1/streams/c-et/records?limit=100000", Role.REVIEWER));
        cases.put("target-missing", () -> get("/api/v1/cadres/c-et/eligibility?purpose=LEADERSHIP_POST", Role.REVIEWER));
        cases.put("unauthenticated", () -> get("/api/v1/cadres/c-et/dossier", null));
        cases.put("role-may-not", () -> get("/api/v1/audit/x", Role.REVIEWER));
        cases.put("unknown-cadre", () -> get("/api/v1/cadres/nobody-et/dossier", Role.REVIEWER));
        cases.put("no-such-path", () -> get("/api/v1/not-yet", Role.ADMIN));
        cases.put("method-not-allowed", () -> Answer.of(send("DELETE", "/api/v1/admin/rebuilds", token(Role.ADMIN))));
        cases.put("storage-unavailable", this::databaseAway);
        ErrorTable.check("ledger-query", cases);
    }

    /** The database cut off: a read is 503 with Retry-After, health DOWN; then it comes back. */
    Answer databaseAway() throws Exception {
        HttpResponse<String> read;
        HttpResponse<String> health;
        try (DatabaseOutage outage = DatabaseOutage.begin(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword())) {
            read = send("GET", "/api/v1/cadres/nobody-et/dossier", token(Role.REVIEWER));
            health = send("GET", "/actuator/health", null);
        }
        assertThat(read.headers().firstValue("Retry-After")).as(read.body()).hasValue("5");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
        // back: the pool reconnects by itself
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/actuator/health", null).statusCode() == 200);
        return Answer.of(read);
    }
}
