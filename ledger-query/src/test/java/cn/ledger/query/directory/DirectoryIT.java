package cn.ledger.query.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The directory over real PostgreSQL and Kafka: the unit tree and the cadre search each caller gets —
 * a recorder their units and all below, a reviewer everything, a cadre themself — by a part of the name
 * (Chinese), the id, a unit's subtree (after a transfer, in the new unit) and the post level, paged by
 * cursor; bad parameters are problems naming them. Writers read the dossiers of the cadres in their
 * scope, and of no others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DirectoryIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    LocalTokens tokens;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();
    String p;
    String city;
    String district;
    String street;
    String other;

    @BeforeEach
    void aSmallCity() throws Exception {
        p = "dir-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        city = p + "city";
        district = p + "district";
        street = p + "street";
        other = p + "other";
        unit(city, "兰州市", UnitCategory.CITY, null);
        unit(district, "安宁区", UnitCategory.DISTRICT, city);
        unit(street, "刘家堡街道", UnitCategory.STREET_OFFICE, district);
        unit(other, "城关区", UnitCategory.DISTRICT, city);
        cadre("wang", "王建国", street, "乡科正");
        cadre("wangxm", "王小明", district, "乡科副");
        cadre("li", "李四", other, "乡科正");
        cadre("zhao", "赵六", other, "乡科副");
        publish("Cadre", p + "li", new CadreTransferred(p + "li", other, street, LocalDate.parse("2024-01-01")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                ids(get(reviewer(), "/api/v1/directory/cadres?unitId=" + street))).contains(p + "li"));
    }

    @Test
    void aRecorderSeesTheirUnitsAndAllBelowAsATree() throws Exception {
        JsonNode tree = get(recorder(), "/api/v1/directory/units");
        assertThat(tree.path("complete").asBoolean()).isTrue();
        assertThat(tree.path("count").asInt()).isEqualTo(2);
        assertThat(tree.at("/units/0/id").asText()).isEqualTo(district);
        assertThat(tree.at("/units/0/name").asText()).isEqualTo("安宁区");
        assertThat(tree.at("/units/0/category").asText()).isEqualTo("DISTRICT");
        assertThat(tree.at("/units/0/parentId").asText()).isEqualTo(city);
        assertThat(tree.at("/units/0/children/0/id").asText()).isEqualTo(street);
        assertThat(tree.at("/units/0/children/0/parentId").asText()).isEqualTo(district);
        assertThat(tree.path("units").size()).isEqualTo(1);

        JsonNode all = get(reviewer(), "/api/v1/directory/units");
        JsonNode ours = null;
        for (JsonNode root : all.path("units")) {
            if (root.path("id").asText().equals(city)) {
                ours = root;
            }
        }
        assertThat(ours).as("the city is a root of the reviewer's tree").isNotNull();
        assertThat(ours.path("children").findValuesAsText("id")).containsExactlyInAnyOrder(district, street, other);
        assertThat(ours.path("children").size()).isEqualTo(2);

        JsonNode own = get(cadreToken(p + "wang"), "/api/v1/directory/units");
        assertThat(own.path("count").asInt()).isEqualTo(1);
        assertThat(own.at("/units/0/id").asText()).isEqualTo(street);
        assertThat(get(nobody(), "/api/v1/directory/units").path("units").size()).isZero();
    }

    @Test
    void aRecorderFindsCadresOfTheirScopeByNameUnitAndLevel() throws Exception {
        String recorder = recorder();
        // by a part of the Chinese name: not 王… of another district
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?q=" + enc("王")))).containsExactlyInAnyOrder(p + "wang", p + "wangxm");
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?q=" + enc("建国")))).containsExactly(p + "wang");
        // by id, in any case
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?q=" + enc(p.toUpperCase() + "WANGXM"))))
                .containsExactly(p + "wangxm");
        // a cadre transferred in is found there, under the unit's subtree; one elsewhere is not
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?unitId=" + district)))
                .containsExactlyInAnyOrder(p + "wang", p + "wangxm", p + "li");
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?unitId=" + street))).containsExactlyInAnyOrder(p + "wang", p + "li");
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?postLevel=" + enc("乡科正") + "&unitId=" + district)))
                .containsExactlyInAnyOrder(p + "wang", p + "li");
        JsonNode row = get(recorder, "/api/v1/directory/cadres?q=" + enc("李四")).at("/cadres/0");
        assertThat(row.path("id").asText()).isEqualTo(p + "li");
        assertThat(row.path("name").asText()).isEqualTo("李四");
        assertThat(row.path("unitId").asText()).isEqualTo(street);
        assertThat(row.path("unitName").asText()).isEqualTo("刘家堡街道");
        assertThat(row.path("post").asText()).isEqualTo("科员");
        assertThat(row.path("postLevel").asText()).isEqualTo("乡科正");
        assertThat(ids(get(recorder, "/api/v1/directory/cadres?q=" + enc("赵六")))).isEmpty();

        // a reviewer sees every unit; a cadre only themself
        assertThat(ids(get(reviewer(), "/api/v1/directory/cadres?unitId=" + city)))
                .containsExactlyInAnyOrder(p + "wang", p + "wangxm", p + "li", p + "zhao");
        assertThat(ids(get(cadreToken(p + "zhao"), "/api/v1/directory/cadres?q=" + enc(p)))).containsExactly(p + "zhao");
    }

    @Test
    void pagesFollowTheCursorAndTheLinkHeader() throws Exception {
        List<String> walked = new ArrayList<>();
        String path = "/api/v1/directory/cadres?unitId=" + city + "&limit=1";
        for (int pages = 0; pages < 10; pages++) {
            HttpResponse<String> page = send(reviewer(), path);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = EventCodec.mapper().readTree(page.body());
            walked.addAll(ids(body));
            if (body.path("next").isNull()) {
                assertThat(page.headers().firstValue("Link")).isEmpty();
                break;
            }
            String link = page.headers().firstValue("Link").orElseThrow();
            assertThat(link).endsWith("; rel=\"next\"").contains("cursor=" + body.path("next").asText());
            path = URI.create(link.substring(1, link.indexOf('>'))).getRawPath() + "?"
                    + URI.create(link.substring(1, link.indexOf('>'))).getRawQuery();
        }
        assertThat(walked).containsExactlyElementsOf(ids(get(reviewer(), "/api/v1/directory/cadres?unitId=" + city)))
                .hasSize(4);
    }

    @Test
    void badParametersAreProblemsNamingThem() throws Exception {
        String recorder = recorder();
        for (String[] bad : List.of(new String[] {"q=" + enc("王".repeat(51)), "q", "400"},
                new String[] {"limit=0", "limit", "400"}, new String[] {"limit=201", "limit", "400"},
                new String[] {"cursor=bm90LWEtY3Vyc29y", "cursor", "400"},
                new String[] {"unitId=" + "x".repeat(65), "unitId", "400"},
                new String[] {"postLevel=" + enc("级".repeat(51)), "postLevel", "400"},
                new String[] {"unitId=" + other, "unitId", "403"})) {
            HttpResponse<String> response = send(recorder, "/api/v1/directory/cadres?" + bad[0]);
            assertThat(response.statusCode()).as(bad[0] + " " + response.body()).isEqualTo(Integer.parseInt(bad[2]));
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
            assertThat(response.body()).as(bad[0]).contains("\"field\":\"" + bad[1] + "\"");
        }
        assertThat(send(recorder, "/api/v1/directory/cadres?unitId=" + p + "nowhere").statusCode()).isEqualTo(404);
        assertThat(send(null, "/api/v1/directory/cadres").statusCode()).isEqualTo(401);
    }

    @Test
    void writersReadTheDossiersOfTheirScopeOnly() throws Exception {
        String officer = tokens.mint("it-discipline", List.of(Role.DISCIPLINE_OFFICER), List.of(district), null);
        for (String token : List.of(recorder(), officer)) {
            assertThat(send(token, "/api/v1/cadres/" + p + "wang/dossier").statusCode()).isEqualTo(200);
            assertThat(send(token, "/api/v1/cadres/" + p + "li/dossier").statusCode()).isEqualTo(200);
            assertThat(send(token, "/api/v1/streams/" + p + "wang/records").statusCode()).isEqualTo(200);
            assertThat(send(token, "/api/v1/cadres/" + p + "zhao/dossier").statusCode()).isEqualTo(403);
            assertThat(send(token, "/api/v1/streams/" + p + "zhao/records").statusCode()).isEqualTo(403);
            assertThat(send(token, "/api/v1/cadres/" + p + "nobody/dossier").statusCode()).isEqualTo(403);
            // the eligibility answer stays the reviewers'
            assertThat(send(token, "/api/v1/cadres/" + p + "wang/eligibility?purpose=RANK_PROMOTION").statusCode())
                    .isEqualTo(403);
        }
        String assessor = tokens.mint("it-assessor", List.of(Role.ASSESSOR), List.of(district), null);
        assertThat(send(assessor, "/api/v1/cadres/" + p + "wang/dossier").statusCode()).isEqualTo(403);
        // an assessor reads the timeline of a unit in scope (its open assignments), not of one outside
        assertThat(send(assessor, "/api/v1/streams/" + street + "/records").statusCode()).isEqualTo(200);
        assertThat(send(assessor, "/api/v1/streams/" + other + "/records").statusCode()).isEqualTo(403);
    }

    String recorder() {
        return tokens.mint("it-recorder", List.of(Role.RECORDER), List.of(district), null);
    }

    String reviewer() {
        return tokens.mint("it-reviewer", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null);
    }

    String cadreToken(String cadre) {
        return tokens.mint(cadre, List.of(Role.CADRE), List.of(), cadre);
    }

    String nobody() {
        return tokens.mint("it-hr", List.of(Role.HR_SYSTEM), List.of(), null);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode page) {
        return page.path("cadres").findValuesAsText("id");
    }

    HttpResponse<String> send(String token, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> response = send(token, path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    void unit(String id, String name, UnitCategory category, String parent) throws Exception {
        publish("Unit", id, new UnitRegistered(id, name, category, parent, LocalDate.parse("2015-01-01")));
    }

    void cadre(String suffix, String name, String unit, String level) throws Exception {
        publish("Cadre", p + suffix, new CadreRegistered(p + suffix, name, unit, "科员", level,
                LocalDate.parse("2016-01-01"), "四级主任科员", LocalDate.parse("2016-01-01"),
                LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2016-01-01")));
    }

    void publish(String aggregate, String subject, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregate, subject,
                sequences.merge(subject, 1L, Long::sum) - 1, Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }
}
