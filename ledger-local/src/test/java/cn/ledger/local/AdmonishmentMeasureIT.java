package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 诫勉 through the real services: a 诫勉谈话 alone blocks promotion for the policy's 6 months, and a
 * 诫勉 entered both as a sanction and as a 诫勉谈话, linked by {@code sameMeasureAs}, counts once. A link
 * to no record, to another cadre's record or to a record of the wrong kind is refused naming the field,
 * and appends nothing.
 */
@ExtendWith(SharedSystem.class)
class AdmonishmentMeasureIT {

    static LocalSystem system;
    static LedgerClient client;
    static String command;
    static String query;

    @BeforeAll
    static void startSystem() {
        system = SharedSystem.system();
        client = new LedgerClient(system.tokens().mint("admonishment-recorder", List.of(Role.RECORDER, Role.AUDITOR,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER), List.of("*"), null));
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
    }

    @Test
    void aCadreWhoseOnlyRecordIsAnAdmonishmentTalkIsRefusedUntilSixMonthsHaveRun() {
        String p = "adm1-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        units(p);
        cadre(p + "li", p + "office");   // 乡科正 since 2020-01-01
        String talk = interview(p + "li", "ADMONISHMENT", "2023-03-15", null).expect(201).json().get("id").asText();
        String talkEvent = projected(p + "li", talk);
        String leadership = query + "/cadres/" + p + "li/eligibility?purpose=LEADERSHIP_POST&target="
                + URLEncoder.encode("乡科正", StandardCharsets.UTF_8);
        String rank = query + "/cadres/" + p + "li/eligibility?purpose=RANK_PROMOTION";

        for (String asOf : new String[] {"2023-03-15", "2023-09-14"}) {
            JsonNode refused = client.get(leadership + "&asOf=" + asOf).expect(200).json();
            assertThat(refused.get("eligible").asBoolean()).as(refused.toString()).isFalse();
            JsonNode blocker = ruleOf(refused, "influence-period");
            assertThat(blocker.get("passed").asBoolean()).isFalse();
            assertThat(blocker.get("clearsOn").asText()).isEqualTo("2023-09-15");
            assertThat(blocker.get("eventIds").toString()).contains(talkEvent);
            JsonNode rankBlocker = ruleOf(client.get(rank + "&asOf=" + asOf).expect(200).json(), "influence-period");
            assertThat(rankBlocker.get("passed").asBoolean()).isFalse();
            assertThat(rankBlocker.get("clearsOn").asText()).isEqualTo("2023-09-15");
        }
        JsonNode eligible = client.get(leadership + "&asOf=2023-09-15").expect(200).json();
        assertThat(eligible.get("eligible").asBoolean()).as(eligible.toString()).isTrue();
        assertThat(ruleOf(client.get(rank + "&asOf=2023-09-15").expect(200).json(), "influence-period")
                .get("passed").asBoolean()).isTrue();
    }

    @Test
    void theLinkIsCheckedAndALinkedAdmonishmentCountsOnce() {
        String p = "adm2-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        units(p);
        cadre(p + "wu", p + "office");
        cadre(p + "other", p + "office");
        String othersTalk = interview(p + "other", "ADMONISHMENT", "2023-03-15", null).expect(201).json()
                .get("id").asText();
        String reminder = interview(p + "wu", "REMINDER", "2023-03-01", null).expect(201).json().get("id").asText();
        JsonNode talk = interview(p + "wu", "ADMONISHMENT", "2023-03-15", null).expect(201).json();
        assertThat(talk.get("sequenceNumber").asLong()).isEqualTo(2);
        String talkId = talk.get("id").asText();

        // refused, naming the field, with nothing appended
        List<LedgerClient.Response> refused = new ArrayList<>();
        refused.add(sanction(p + "wu", "ORGANISATIONAL_ADMONISHMENT", "2023-03-20", "no-such-record").expect(422));
        refused.add(sanction(p + "wu", "ORGANISATIONAL_ADMONISHMENT", "2023-03-20", othersTalk).expect(422));
        refused.add(sanction(p + "wu", "ORGANISATIONAL_ADMONISHMENT", "2023-03-20", reminder).expect(422));
        refused.add(sanction(p + "wu", "PARTY_WARNING", "2023-03-20", talkId).expect(422));
        refused.add(interview(p + "wu", "FORMAL_TALK", "2023-03-20", talkId).expect(422));
        refused.add(sanction(p + "wu", "ORGANISATIONAL_ADMONISHMENT", "2023-03-20", "not an id!").expect(400));
        for (LedgerClient.Response response : refused) {
            JsonNode problem = response.json();
            assertThat(problem.at("/errors/0/field").asText()).as(problem.toString()).isEqualTo("sameMeasureAs");
            assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        }

        // the same 诫勉 entered again as a sanction five days later, linked: the next sequence number
        JsonNode linked = sanction(p + "wu", "ORGANISATIONAL_ADMONISHMENT", "2023-03-20", talkId).expect(201).json();
        assertThat(linked.get("sequenceNumber").asLong()).isEqualTo(3);
        String sanctionId = linked.get("id").asText();
        // a record is one measure with one other at most
        JsonNode twice = interview(p + "wu", "ADMONISHMENT", "2023-03-20", sanctionId).expect(409).json();
        assertThat(twice.at("/errors/0/field").asText()).isEqualTo("sameMeasureAs");

        String talkEvent = projected(p + "wu", talkId);
        String sanctionEvent = projected(p + "wu", sanctionId);
        String rank = query + "/cadres/" + p + "wu/eligibility?purpose=RANK_PROMOTION";
        JsonNode dayBefore = ruleOf(client.get(rank + "&asOf=2023-09-14").expect(200).json(), "influence-period");
        assertThat(dayBefore.get("passed").asBoolean()).isFalse();
        assertThat(dayBefore.get("clearsOn").asText()).as("counted once, from the earlier day").isEqualTo("2023-09-15");
        assertThat(dayBefore.get("eventIds").toString()).contains(talkEvent).contains(sanctionEvent);
        assertThat(ruleOf(client.get(rank + "&asOf=2023-09-15").expect(200).json(), "influence-period")
                .get("passed").asBoolean()).isTrue();

        JsonNode dossier = client.get(query + "/cadres/" + p + "wu/dossier?asOf=2023-06-01").expect(200).json();
        assertThat(dossier.at("/sanctions/0/sanction/sameMeasureAs").asText()).isEqualTo(talkId);
        assertThat(dossier.at("/sanctions/0/influenceEndsOn").asText()).isEqualTo("2023-09-15");
    }

    static void units(String p) {
        client.post(command + "/units", "{\"unitId\":" + q(p + "district") + ",\"name\":\"安宁区\",\"category\":"
                + "\"DISTRICT\",\"parentUnitId\":null,\"effectiveDate\":\"2023-01-01\"}").expect(201);
        client.post(command + "/units", "{\"unitId\":" + q(p + "office") + ",\"name\":\"培黎街道\",\"category\":"
                + "\"STREET_OFFICE\",\"parentUnitId\":" + q(p + "district") + ",\"effectiveDate\":\"2023-01-01\"}")
                .expect(201);
    }

    static void cadre(String id, String unit) {
        client.post(command + "/cadres", "{\"cadreId\":" + q(id) + ",\"name\":\"测试干部\",\"unitId\":" + q(unit)
                + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
    }

    static LedgerClient.Response interview(String cadre, String kind, String date, String sameMeasureAs) {
        return client.post(command + "/cadres/" + cadre + "/interviews", "{\"kind\":" + q(kind)
                + ",\"interviewer\":\"区委组织部\",\"reason\":\"测试\",\"effectiveDate\":" + q(date)
                + (sameMeasureAs == null ? "" : ",\"sameMeasureAs\":" + q(sameMeasureAs)) + "}");
    }

    static LedgerClient.Response sanction(String cadre, String kind, String date, String sameMeasureAs) {
        return client.post(command + "/cadres/" + cadre + "/sanctions", "{\"kind\":" + q(kind)
                + ",\"decidedBy\":\"区委组织部\",\"reason\":\"测试\",\"effectiveDate\":" + q(date)
                + (sameMeasureAs == null ? "" : ",\"sameMeasureAs\":" + q(sameMeasureAs)) + "}");
    }

    static JsonNode ruleOf(JsonNode answer, String rule) {
        for (JsonNode outcome : answer.get("rules")) {
            if (outcome.get("rule").asText().equals(rule)) {
                return outcome;
            }
        }
        throw new AssertionError("no rule " + rule + " in " + answer);
    }

    /** Waits for a record to reach ledger-query; the id of the event that created it. */
    static String projected(String stream, String recordId) {
        String[] eventId = new String[1];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (JsonNode record : client.get(query + "/streams/" + stream + "/records?limit=1000").expect(200).json()
                    .get("records")) {
                if (recordId.equals(record.path("recordId").asText(null))) {
                    eventId[0] = record.get("eventId").asText();
                }
            }
            assertThat(eventId[0]).as("record " + recordId + " in the timeline").isNotNull();
        });
        return eventId[0];
    }
}
