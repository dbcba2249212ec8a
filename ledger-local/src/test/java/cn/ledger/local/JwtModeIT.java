package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.KeycloakServer;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three services in jwt mode against a real OpenID Connect provider: Keycloak's own distribution,
 * started by {@link KeycloakServer} with the realm of {@code ops/keycloak/ledger-realm.json} imported
 * as production would import it. The services are told the issuer only; they find its keys through
 * its discovery document. The users' tokens come from Keycloak by the password grant of the
 * {@code ledger-console} client, ranking-projector's by client credentials.
 *
 * <p>A ledger of its own (a second database, its own Kafka broker), so that the demo data loaded here
 * meets no other test's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtModeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REALM = "ledger";
    // this run's secrets: the realm file takes them from the environment, as compose gives them
    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final String RANKING_SECRET = "ranking-" + UUID.randomUUID();
    static final String PROMETHEUS_SECRET = "prometheus-" + UUID.randomUUID();
    static final String LOADER_SECRET = "loader-" + UUID.randomUUID();

    static KeycloakServer keycloak;
    static KafkaServer kafka;
    static LocalSystem system;
    static String command;
    static String query;
    static String ranking;

    @BeforeAll
    static void start() {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        keycloak = KeycloakServer.start(Path.of(System.getProperty("keycloak.distribution")),
                Path.of(System.getProperty("keycloak.install", home.resolve("ledger-local/target/keycloak").toString())),
                home.resolve("ops/keycloak/ledger-realm.json"),
                Map.of("LEDGER_DEMO_USER_PASSWORD", PASSWORD, "LEDGER_RANKING_CLIENT_SECRET", RANKING_SECRET,
                        "LEDGER_PROMETHEUS_CLIENT_SECRET", PROMETHEUS_SECRET,
                        "LEDGER_DEMO_LOADER_CLIENT_SECRET", LOADER_SECRET),
                Duration.ofMinutes(5));
        System.out.println("JwtModeIT: Keycloak ready in " + keycloak.startTime().toSeconds() + " s");
        kafka = KafkaServer.start(0);
        Map<String, String> jwt = new LinkedHashMap<>();
        jwt.put("LEDGER_SECURITY_MODE", "jwt");
        jwt.put("LEDGER_SECURITY_JWT_ISSUER_URI", keycloak.issuer(REALM));
        jwt.put("LEDGER_SECURITY_JWT_AUDIENCE", "ledger");
        // outside local mode ledger-command generates no checkpoint signing key: one of this run
        jwt.put("LEDGER_AUDIT_SIGNING_KEY", auditSigningKey());
        Map<String, String> client = Map.of("LEDGER_SECURITY_CLIENT_TOKEN_URI", keycloak.tokenEndpoint(REALM),
                "LEDGER_SECURITY_CLIENT_ID", "ranking-projector", "LEDGER_SECURITY_CLIENT_SECRET", RANKING_SECRET);
        system = new LocalSystem(home, TestInfrastructure.anotherDatabase("jwt"), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), kafka.bootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/jwt-logs"), jwt, client);
        system.start(Duration.ofMinutes(6)); // generous: 2 shared cores
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
        ranking = system.ranking().baseUrl() + "/api/v1";
    }

    static String auditSigningKey() {
        try {
            return Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    @Order(1)
    void theIssuerIsFoundByDiscoveryAndThereIsNoDemoTokenEndpoint() throws IOException {
        JsonNode discovery = JSON.readTree(get(keycloak.issuer(REALM) + "/.well-known/openid-configuration").body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(keycloak.issuer(REALM));
        assertThat(JSON.readTree(get(discovery.get("jwks_uri").asText()).body()).get("keys").size()).isPositive();
        String admin = password("ledger-console", "admin-1");
        for (ServiceProcess service : system.services()) {
            for (String token : new String[] {null, admin}) {
                HttpResponse<String> demo = post(service.baseUrl() + "/api/v1/auth/demo-token?user=admin-1", token, "");
                assertThat(demo.statusCode()).as(service.name()).isEqualTo(404);
                assertThat(demo.body()).doesNotContain("access_token");
            }
        }
        // the services were given the issuer only: a user's token is accepted, so they found its keys
        // (no cadre yet: 404 from the controller, past authentication and the reviewer's authorisation)
        assertThat(new LedgerClient(password("ledger-console", "reviewer-1")).get(query + "/cadres/c-wang/dossier")
                .status()).isEqualTo(404);
        assertThat(new LedgerClient(password("ledger-console", "recorder-anning")).get(query + "/cadres/c-wang/dossier")
                .status()).isEqualTo(403);
        assertThat(new LedgerClient("not-a-token").get(query + "/cadres/c-wang/dossier").status()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void usersActWithTheRolesScopeAndCadreTheirTokensCarry() {
        // the demo data, written by the demo users with their Keycloak tokens (recorders in their units,
        // an assessor, a discipline officer): every command answered 201
        new DemoData(user -> password("ledger-console", user), system.command().baseUrl()).load();
        String recorderAnning = password("ledger-console", "recorder-anning");
        JsonNode claims = claims(recorderAnning);
        assertThat(claims.get("sub").asText()).isEqualTo("recorder-anning");
        assertThat(claims.get("roles").toString()).isEqualTo("[\"recorder\"]");
        assertThat(claims.get("units").toString()).isEqualTo("[\"anning\"]");
        assertThat(claims.get("aud").toString()).contains("ledger");

        // a district outside 安宁区, by the city's recorder
        LedgerClient city = new LedgerClient(password("ledger-console", "recorder-lanzhou"));
        city.post(command + "/units", "{\"unitId\":\"chengguan\",\"name\":\"城关区\",\"category\":\"DISTRICT\","
                + "\"parentUnitId\":\"lanzhou\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
        city.post(command + "/cadres", "{\"cadreId\":\"c-ma\",\"name\":\"马强\",\"unitId\":\"chengguan\",\"post\":\"区长\","
                + "\"postLevel\":\"县处正\",\"postSince\":\"2021-01-01\",\"rank\":\"一级调研员\",\"rankSince\":\"2021-01-01\","
                + "\"workStartDate\":\"2000-07-01\",\"grassrootsYears\":8,\"education\":\"研究生\","
                + "\"effectiveDate\":\"2023-01-01\"}").expect(201);
        LedgerClient recorder = new LedgerClient(recorderAnning);
        String entry = "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\",\"points\":1,\"summary\":" + q("按期完成")
                + ",\"evidence\":[],\"effectiveDate\":\"2023-10-09\"}";
        recorder.post(command + "/cadres/c-wang/entries", entry).expect(201);
        recorder.post(command + "/cadres/c-ma/entries", entry).expect(403);
        // a recorder reads the dossiers of their scope only; a reviewer reads every one
        recorder.get(query + "/cadres/c-ma/dossier").expect(403);
        LedgerClient reviewer = new LedgerClient(password("ledger-console", "reviewer-1"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(reviewer.get(query + "/cadres/c-wang/dossier").expect(200).json().get("cadreId").asText())
                        .isEqualTo("c-wang"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(reviewer.get(query + "/cadres/c-ma/dossier").expect(200).json().get("cadreId").asText())
                        .isEqualTo("c-ma"));
        recorder.get(query + "/cadres/c-wang/dossier").expect(200);
        recorder.get(query + "/cadres/c-ma/dossier").expect(403);
        // the cadre reads their own dossier and nobody else's, and writes nothing
        LedgerClient wang = new LedgerClient(password("ledger-console", "c-wang"));
        assertThat(claims(password("ledger-console", "c-wang")).get("cadre").asText()).isEqualTo("c-wang");
        wang.get(query + "/cadres/c-wang/dossier").expect(200);
        wang.get(query + "/cadres/c-li/dossier").expect(403);
        wang.post(command + "/cadres/c-wang/entries", entry).expect(403);
    }

    @Test
    @Order(3)
    void rankingProjectorOpensTheAccountabilityProcedureWithItsClientCredentialsToken() {
        // 区民政局 came last in August and September: the ranking calls for a procedure, and
        // ranking-projector opens it at ledger-command as itself
        LedgerClient reviewer = new LedgerClient(password("ledger-console", "reviewer-1"));
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode procedures = reviewer.get(ranking + "/accountability?from=2023-09&to=2023-09").expect(200).json();
            assertThat(procedures).anySatisfy(p -> {
                assertThat(p.get("unitId").asText()).isEqualTo("anning-minzheng");
                assertThat(p.get("status").asText()).isEqualTo("OPENED");
            });
        });
        LedgerClient auditor = new LedgerClient(password("ledger-console", "auditor-1"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                auditor.get(query + "/streams/anning-minzheng/records").expect(200).json().findValuesAsText("recordedBy"))
                .contains("ranking-projector"));

        // the same identity, its token by client credentials: what its role allows, and nothing else
        String service = clientCredentials("ranking-projector", RANKING_SECRET);
        assertThat(claims(service).get("sub").asText()).isEqualTo("ranking-projector");
        assertThat(claims(service).get("roles").toString()).isEqualTo("[\"ranking-projector\"]");
        LedgerClient projector = new LedgerClient(service);
        projector.post(command + "/units/anning-minzheng/accountability-procedures", "{\"month\":\"2023-09\","
                + "\"reason\":\"已启动\",\"effectiveDate\":\"2023-10-06\"}").expect(409);
        projector.post(command + "/cadres/c-wang/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\","
                + "\"points\":1,\"summary\":\"x\",\"evidence\":[],\"effectiveDate\":\"2023-10-09\"}").expect(403);
        projector.get(query + "/cadres/c-wang/dossier").expect(403);
        // a wrong secret gets no token at all
        assertThat(keycloak.token(REALM, Map.of("grant_type", "client_credentials", "client_id", "ranking-projector",
                "client_secret", "wrong")).status()).isEqualTo(401);

        // Prometheus scrapes with its own client; the demo loader's client writes but reads no metrics
        String prometheus = clientCredentials("prometheus", PROMETHEUS_SECRET);
        String loader = clientCredentials("ledger-demo-loader", LOADER_SECRET);
        for (ServiceProcess s : system.services()) {
            assertThat(new LedgerClient(prometheus).get(s.baseUrl() + "/actuator/prometheus").status())
                    .as(s.name()).isEqualTo(200);
            assertThat(new LedgerClient(loader).get(s.baseUrl() + "/actuator/prometheus").status())
                    .as(s.name()).isEqualTo(403);
        }
        new LedgerClient(loader).post(command + "/cadres/c-li/interviews", "{\"kind\":\"REMINDER\",\"interviewer\":"
                + q("区委组织部") + ",\"reason\":" + q("例行提醒") + ",\"effectiveDate\":\"2023-10-10\"}").expect(201);
    }

    @Test
    @Order(4)
    void aTokenForAnotherAudienceIsRefused() {
        // a client of the same realm without the ledger audience: its tokens carry the same roles
        createClient("{\"clientId\":\"other-application\",\"publicClient\":true,\"directAccessGrantsEnabled\":true,"
                + "\"standardFlowEnabled\":false,\"defaultClientScopes\":[\"basic\",\"ledger-claims\"]}");
        String foreign = password("other-application", "reviewer-1");
        assertThat(claims(foreign).path("aud").isMissingNode() || !claims(foreign).get("aud").toString().contains("ledger"))
                .as("aud of %s", claims(foreign)).isTrue();
        assertThat(claims(foreign).get("roles").toString()).isEqualTo("[\"reviewer\"]");
        assertThat(new LedgerClient(foreign).get(query + "/cadres/c-wang/dossier").status()).isEqualTo(401);
        assertThat(new LedgerClient(foreign).get(ranking + "/accountability?from=2023-09&to=2023-09").status())
                .isEqualTo(401);
        // the same user through the ledger's own client is let in
        new LedgerClient(password("ledger-console", "reviewer-1")).get(query + "/cadres/c-wang/dossier").expect(200);
    }

    @Test
    @Order(5)
    void anExpiredTokenIsRefused() {
        // a client whose tokens live 10 s (the realm's live 5 minutes)
        createClient("{\"clientId\":\"short-lived\",\"publicClient\":true,\"directAccessGrantsEnabled\":true,"
                + "\"standardFlowEnabled\":false,\"defaultClientScopes\":[\"basic\",\"ledger-audience\",\"ledger-claims\"],"
                + "\"attributes\":{\"access.token.lifespan\":\"10\"}}");
        String token = password("short-lived", "reviewer-1");
        JsonNode claims = claims(token);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(10);
        LedgerClient reviewer = new LedgerClient(token);
        reviewer.get(query + "/cadres/c-wang/dossier").expect(200);
        // refused once expired (the services allow a minute of clock skew): polled, no fixed sleep
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(reviewer.get(query + "/cadres/c-wang/dossier").status()).isEqualTo(401));
        assertThat(System.currentTimeMillis() / 1000).isGreaterThan(claims.get("exp").asLong());
    }

    @Test
    @Order(6)
    void keysRotateWithoutARestartAndARemovedKeysTokensAreRefused() throws IOException {
        String before = password("ledger-console", "reviewer-1");
        String unseen = password("ledger-console", "reviewer-1"); // signed with the old key, never shown to a service
        String oldKid = kid(before);
        new LedgerClient(before).get(query + "/cadres/c-wang/dossier").expect(200);
        new LedgerClient(before).get(ranking + "/accountability?from=2023-09&to=2023-09").expect(200);

        // a new RSA key of higher priority, then the old one removed, through the admin REST API
        String realmId = JSON.readTree(keycloak.admin("GET", "/" + REALM, null).body()).get("id").asText();
        JsonNode providers = JSON.readTree(keycloak.admin("GET", "/" + REALM
                + "/components?type=org.keycloak.keys.KeyProvider", null).body());
        String oldProvider = null;
        for (JsonNode p : providers) {
            if (p.get("providerId").asText().equals("rsa-generated")) {
                oldProvider = p.get("id").asText();
            }
        }
        assertThat(oldProvider).as("the realm's generated RSA key in %s", providers).isNotNull();
        KeycloakServer.Answer added = keycloak.admin("POST", "/" + REALM + "/components", "{\"name\":\"rsa-rotated\","
                + "\"providerId\":\"rsa-generated\",\"providerType\":\"org.keycloak.keys.KeyProvider\",\"parentId\":"
                + q(realmId) + ",\"config\":{\"priority\":[\"200\"],\"enabled\":[\"true\"],\"active\":[\"true\"],"
                + "\"keySize\":[\"2048\"],\"algorithm\":[\"RS256\"]}}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(keycloak.admin("DELETE", "/" + REALM + "/components/" + oldProvider, null).status()).isEqualTo(204);
        JsonNode keys = JSON.readTree(get(keycloak.issuer(REALM) + "/protocol/openid-connect/certs").body());
        assertThat(keys.findValuesAsText("kid")).doesNotContain(oldKid);

        // a new token, signed with the new key, is accepted by the running services (they fetch the new key)
        String after = password("ledger-console", "reviewer-1");
        assertThat(kid(after)).isNotEqualTo(oldKid).isIn(keys.findValuesAsText("kid"));
        for (ServiceProcess s : system.services()) {
            String url = s == system.ranking() ? ranking + "/accountability?from=2023-09&to=2023-09"
                    : s == system.query() ? query + "/cadres/c-wang/dossier" : null;
            if (url != null) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(new LedgerClient(after).get(url).status()).as(s.name()).isEqualTo(200));
            }
        }
        // ledger-command: a recorder's new token writes
        String recorderAfter = password("ledger-console", "recorder-anning");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(new LedgerClient(recorderAfter).post(command + "/cadres/c-wang/interviews",
                        "{\"kind\":\"REMINDER\",\"interviewer\":" + q("区委组织部") + ",\"reason\":" + q("轮换后")
                                + ",\"effectiveDate\":\"2023-10-11\"}").status()).isEqualTo(201));
        // a token of the removed key is refused
        assertThat(kid(unseen)).isEqualTo(oldKid);
        LedgerClient old = new LedgerClient(unseen);
        assertThat(old.get(query + "/cadres/c-wang/dossier").status()).isEqualTo(401);
        assertThat(old.get(ranking + "/accountability?from=2023-09&to=2023-09").status()).isEqualTo(401);
        // (a reviewer may not write: had the token been accepted, ledger-command would answer 403)
        assertThat(old.post(command + "/cadres/c-wang/interviews", "{\"kind\":\"REMINDER\",\"interviewer\":\"x\","
                + "\"reason\":\"x\",\"effectiveDate\":\"2023-10-11\"}").status()).isEqualTo(401);
        // ranking-projector's own token comes from the new key too: it still opens what it must
        String service = clientCredentials("ranking-projector", RANKING_SECRET);
        assertThat(kid(service)).isNotEqualTo(oldKid);
        new LedgerClient(service).post(command + "/units/anning-minzheng/accountability-procedures", "{\"month\":\"2023-09\","
                + "\"reason\":\"已启动\",\"effectiveDate\":\"2023-10-06\"}").expect(409);
    }

    // --- Keycloak

    static String password(String clientId, String user) {
        return accessToken(keycloak.token(REALM, Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", PASSWORD)));
    }

    static String clientCredentials(String clientId, String secret) {
        return accessToken(keycloak.token(REALM, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret)));
    }

    static String accessToken(KeycloakServer.Answer answer) {
        try {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void createClient(String json) {
        KeycloakServer.Answer created = keycloak.admin("POST", "/" + REALM + "/clients", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    static JsonNode claims(String token) {
        return part(token, 1);
    }

    static String kid(String token) {
        return part(token, 0).get("kid").asText();
    }

    static JsonNode part(String token, int index) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- plain HTTP

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static HttpResponse<String> post(String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
