package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ledger-command's readiness includes Kafka: ready while the broker has {@code ledger.events}, not ready
 * once the broker is gone (an orchestrator's health check waits for the whole path, not only the
 * database). Runs on a broker and a database of its own.
 */
class KafkaReadinessIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void readinessFollowsTheBroker() throws Exception {
        KafkaServer broker = KafkaServer.start(0);
        boolean stopped = false;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerCommandApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestInfrastructure.anotherDatabaseUrl(),
                "--spring.datasource.username=" + TestInfrastructure.databaseUser(),
                "--spring.datasource.password=" + TestInfrastructure.databasePassword(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--ledger.security.mode=local")) {
            String readiness = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                    + "/actuator/health/readiness";
            await().atMost(Duration.ofMinutes(1)).until(() -> status(readiness) == 200);

            broker.close();
            stopped = true;
            await().atMost(Duration.ofMinutes(1)).until(() -> status(readiness) == 503);
        } finally {
            if (!stopped) {
                broker.close();
            }
        }
    }

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
