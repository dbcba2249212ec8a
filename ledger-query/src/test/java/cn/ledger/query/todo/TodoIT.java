package cn.ledger.query.todo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.AppealDecided;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.InvestigationClosed;
import cn.ledger.contract.event.InvestigationOpened;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The to-do list of ledger-query over real records: a discipline officer sees the appeals due and overdue and the
 * investigations open too long of the cadres in their scope only, paged; an admin sees the parked streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TodoIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate AS_OF = LocalDate.parse("2024-03-15");

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
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();

    @Test
    void aDisciplineOfficerSeesTheAppealsAndInvestigationsOfTheirUnitsOnly() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String district = "td-d-" + tag;
        String office = "td-o-" + tag;
        String other = "td-x-" + tag;
        publish(district, "Unit", new UnitRegistered(district, "区" + tag, UnitCategory.DISTRICT, null, day("2020-01-01")));
        publish(office, "Unit", new UnitRegistered(office, "街道" + tag, UnitCategory.STREET_OFFICE, district,
                day("2020-01-01")));
        publish(other, "Unit", new UnitRegistered(other, "他区" + tag, UnitCategory.DISTRICT, null, day("2020-01-01")));
        String li = cadre("td-li-" + tag, "李" + tag, office);
        String zhao = cadre("td-zhao-" + tag, "赵" + tag, other);

        String overdue = appeal(li, "2024-03-01");      // due before asOf
        String dueSoon = appeal(li, "2024-03-20");      // within the 7 days
        appeal(li, "2024-04-30");                       // not yet
        String decided = appeal(li, "2024-03-10");
        publish(li, "Cadre", new AppealDecided(li, decided, AppealOutcome.UPHELD, "维持", day("2024-03-09")));
        String longOpen = investigation(li, "2023-11-01"); // 135 days by asOf
        investigation(li, "2024-02-01");                   // 43 days
        String closed = investigation(li, "2023-06-01");
        publish(li, "Cadre", new InvestigationClosed(li, closed, "了结", day("2023-12-01")));
        String elsewhere = appeal(zhao, "2024-03-02");

        String mine = token(Role.DISCIPLINE_OFFICER, district);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(todo(mine, "").path("total").asLong()).isEqualTo(3));
        JsonNode list = todo(mine, "");
        assertThat(list.path("kinds").toString()).isEqualTo("[\"APPEAL_DECISION\",\"INVESTIGATION_OPEN\"]");
        JsonNode items = list.path("items");
        assertThat(items.findValuesAsText("recordId")).containsExactly(overdue, dueSoon, longOpen);
        assertThat(items.get(0).path("overdue").asBoolean()).isTrue();
        assertThat(items.get(0).path("days").asLong()).isEqualTo(14);
        assertThat(items.get(0).path("cadreName").asText()).isEqualTo("李" + tag);
        assertThat(items.get(0).path("unitName").asText()).isEqualTo("街道" + tag);
        assertThat(items.get(1).path("overdue").asBoolean()).isFalse();
        assertThat(items.get(1).path("days").asLong()).isEqualTo(-5);
        assertThat(items.get(2).path("kind").asText()).isEqualTo("INVESTIGATION_OPEN");
        assertThat(items.get(2).path("days").asLong()).isEqualTo(135);

        // paged: two and then one, with the cursor the first page handed out
        JsonNode first = todo(mine, "&limit=2");
        assertThat(first.path("items").findValuesAsText("recordId")).containsExactly(overdue, dueSoon);
        JsonNode second = todo(mine, "&limit=2&cursor=" + first.path("next").asText());
        assertThat(second.path("items").findValuesAsText("recordId")).containsExactly(longOpen);
        assertThat(second.path("next").isNull()).isTrue();

        // the office's officer sees the same cadre; the other district's officer only zhao's appeal
        assertThat(todo(token(Role.DISCIPLINE_OFFICER, office), "").path("items").findValuesAsText("recordId"))
                .containsExactly(overdue, dueSoon, longOpen);
        assertThat(todo(token(Role.DISCIPLINE_OFFICER, other), "").path("items").findValuesAsText("recordId"))
                .containsExactly(elsewhere);
        // without a unit in scope: nothing
        assertThat(todo(tokens.mint("it-none", List.of(Role.DISCIPLINE_OFFICER), List.of(), null), "")
                .path("total").asLong()).isZero();
        // an admin's list has no appeals
        assertThat(todo(token(Role.ADMIN, Caller.ALL_UNITS), "").path("items").findValuesAsText("recordId"))
                .doesNotContain(overdue, elsewhere);
        // a cursor of another list is refused
        assertThat(send("/api/v1/todo?cursor=" + cn.ledger.security.web.Cursor.of("roster", 1), mine).statusCode())
                .isEqualTo(400);
        assertThat(send("/api/v1/todo?limit=201", mine).statusCode()).isEqualTo(400);
    }

    @Test
    void anAdminSeesAParkedStreamWithItsReasonUntilTheRedrive() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String reason = "拒绝" + tag;
        jdbc.execute("CREATE OR REPLACE FUNCTION reject_appeal_" + tag + "() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.reason = '" + reason + "' THEN RAISE EXCEPTION 'appeal % breaks a read-model rule', NEW.reason;"
                + " END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        jdbc.execute("CREATE TRIGGER reject_appeal_" + tag + " BEFORE INSERT ON appeal FOR EACH ROW EXECUTE FUNCTION "
                + "reject_appeal_" + tag + "()");
        String unit = "tp-u-" + tag;
        publish(unit, "Unit", new UnitRegistered(unit, "单位" + tag, UnitCategory.STREET_OFFICE, null, day("2020-01-01")));
        String cadre = cadre("tp-c-" + tag, "钱" + tag, unit);
        publish(cadre, "Cadre", new AppealFiled(cadre, UUID.randomUUID().toString(), "r-" + tag, AppealStage.REVIEW,
                reason, day("2024-04-01"), day("2024-03-01")));
        String admin = token(Role.ADMIN, Caller.ALL_UNITS);
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(parked(admin, cadre)).isNotNull());
            JsonNode item = parked(admin, cadre);
            assertThat(item.path("count").asInt()).isEqualTo(1);
            assertThat(item.path("cadreName").asText()).isEqualTo("钱" + tag);
            assertThat(item.path("unitId").asText()).isEqualTo(unit);
            assertThat(item.path("reason").asText()).contains("breaks a read-model rule");
            // a discipline officer does not see parked records
            assertThat(todo(token(Role.DISCIPLINE_OFFICER, Caller.ALL_UNITS), "").path("items")
                    .findValuesAsText("kind")).doesNotContain("PARKED_RECORDS");
        } finally {
            jdbc.execute("DROP TRIGGER reject_appeal_" + tag + " ON appeal");
        }
        HttpResponse<String> redrive = http.send(HttpRequest.newBuilder(URI.create(url(
                "/api/v1/admin/parked-events/redrive?streamId=" + cadre))).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(200);
        assertThat(parked(admin, cadre)).isNull();
    }

    private JsonNode parked(String admin, String stream) throws Exception {
        for (JsonNode item : todo(admin, "&limit=200").path("items")) {
            if (item.path("kind").asText().equals("PARKED_RECORDS") && item.path("streamId").asText().equals(stream)) {
                return item;
            }
        }
        return null;
    }

    private String token(Role role, String unit) {
        return tokens.mint("it-" + role.claim(), List.of(role), List.of(unit), null);
    }

    private static LocalDate day(String text) {
        return LocalDate.parse(text);
    }

    private String cadre(String id, String name, String unit) throws Exception {
        publish(id, "Cadre", new CadreRegistered(id, name, unit, "科员", "乡科副", day("2020-01-01"), "四级主任科员",
                day("2020-01-01"), day("2010-07-01"), 3, "大学", day("2020-01-01")));
        return id;
    }

    private String appeal(String cadre, String due) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(cadre, "Cadre", new AppealFiled(cadre, id, "r-" + id, AppealStage.REVIEW, "申请复核",
                day(due), day(due).minusDays(30)));
        return id;
    }

    private String investigation(String cadre, String opened) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(cadre, "Cadre", new InvestigationOpened(cadre, id, "区纪委", "立案审查", day(opened)));
        return id;
    }

    private void publish(String subject, String aggregateType, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregateType, subject,
                sequences.merge(subject, 1L, Long::sum) - 1, Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }

    private JsonNode todo(String token, String query) throws Exception {
        HttpResponse<String> response = send("/api/v1/todo?asOf=" + AS_OF + query, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
