package cn.ledger.command;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import java.util.List;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
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
        registry.add("ledger.security.mode", () -> "local");
        // every IT of this module runs with group commit (GroupCommitIT is about it); -Dledger.test.group-commit=false
        // runs them without, e.g. for GroupCommitIT's closed loop as a comparison
        registry.add("ledger.command.group-commit.enabled", () -> System.getProperty("ledger.test.group-commit", "true"));
        // The checkpoint signing key is the test's own, so that checkpoints can be checked against a key the
        // service did not hand out.
        registry.add("ledger.audit.signing-key",
                () -> Base64.getEncoder().encodeToString(AUDIT_KEY.getPrivate().getEncoded()));
    }

    /** The Ed25519 key pair the service is configured to sign checkpoints with. */
    protected static final KeyPair AUDIT_KEY = generateAuditKey();

    private static KeyPair generateAuditKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every writing role, over every unit: the identity of tests that are not about authorisation. */
    protected static final List<Role> WRITER = List.of(Role.RECORDER, Role.ASSESSOR, Role.DISCIPLINE_OFFICER);

    @Autowired
    protected LocalTokens tokens;

    protected String token(String subject, List<Role> roles, List<String> units, String cadre) {
        return tokens.mint(subject, roles, units, cadre);
    }

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected Environment environment;

    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token("it-recorder", WRITER, List.of(Caller.ALL_UNITS), null))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
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
