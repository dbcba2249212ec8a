package cn.ledger.command;

import cn.ledger.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The command service on real PostgreSQL and Kafka, one context shared by every IT of this module. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CommandServiceIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        // Far shorter than in production, so that a reader relying on the gap timeout would lose events here.
        registry.add("ledger.event-store.gap-timeout", () -> "2s");
        registry.add("ledger.event-store.gap-cleaning-threshold", () -> "1");
    }

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected Environment environment;

    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("X-Ledger-User", "it-recorder")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }

    protected long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }
}
