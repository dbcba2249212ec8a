package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * History through the real services: cadres registered today with a 记过 entered as history. One of 2023 blocks
 * nothing today (its 12 months are counted from its own date and ran out long ago); one of nine months ago blocks
 * until its influence period ends, and eligibility asked as the ledger knew it before the history was entered
 * answers without it. An ordinary record dated before the registration is still refused, and so is history dated
 * on the registration day.
 */
@ExtendWith(SharedSystem.class)
class HistoryIT {

    static LocalSystem system;
    static LedgerClient client;
    static String command;
    static String query;

    @BeforeAll
    static void startSystem() {
        system = SharedSystem.system();
        client = new LedgerClient(system.tokens().mint("history-recorder", List.of(Role.RECORDER,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER, Role.AUDITOR), List.of("*"), null));
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
    }

    @Test
    void aSanctionEnteredAsHistoryBlocksFromItsTrueDateAndKnownAtBeforeTheEntryAnswersWithoutIt() {
        String p = "hist-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        AdmonishmentMeasureIT.client = client;
        AdmonishmentMeasureIT.command = command;
        AdmonishmentMeasureIT.query = query;
        AdmonishmentMeasureIT.units(p);
        register(p + "zhao", today);
        register(p + "qian", today);

        // entered as it happens, a 2023 sanction is refused: it is before the registration; history must be before it
        JsonNode refused = client.post(command + "/cadres/" + p + "zhao/sanctions", demerit("2023-09-12", false))
                .expect(422).json();
        assertThat(refused.at("/errors/0/field").asText()).isEqualTo("effectiveDate");
        assertThat(client.post(command + "/cadres/" + p + "zhao/sanctions", demerit(today.toString(), true))
                .expect(422).json().at("/errors/0/field").asText()).isEqualTo("effectiveDate");

        // a 2023 记过 as history: its 12 months ran out long before the registration, so it blocks nothing today
        JsonNode old = client.post(command + "/cadres/" + p + "zhao/sanctions", demerit("2023-09-12", true))
                .expect(201).json();
        assertThat(old.get("sequenceNumber").asLong()).isEqualTo(1);
        AdmonishmentMeasureIT.projected(p + "zhao", old.get("id").asText());
        String zhao = query + "/cadres/" + p + "zhao/eligibility?purpose=RANK_PROMOTION";
        assertThat(AdmonishmentMeasureIT.ruleOf(client.get(zhao + "&asOf=" + today).expect(200).json(),
                "influence-period").get("passed").asBoolean()).as("counted from 2023-09-12, not from the registration")
                .isTrue();

        // a 记过 of nine months ago, still running at the registration, entered as history today
        LocalDate decided = today.minusMonths(9);
        LocalDate clears = decided.plusMonths(12);
        Instant beforeHistory = Instant.now();
        JsonNode entered = client.post(command + "/cadres/" + p + "qian/sanctions", demerit(decided.toString(), true))
                .expect(201).json();
        String eventId = AdmonishmentMeasureIT.projected(p + "qian", entered.get("id").asText());
        String qian = query + "/cadres/" + p + "qian/eligibility?purpose=RANK_PROMOTION";
        for (LocalDate asOf : List.of(today, clears.minusDays(1))) {
            JsonNode blocked = AdmonishmentMeasureIT.ruleOf(client.get(qian + "&asOf=" + asOf).expect(200).json(),
                    "influence-period");
            assertThat(blocked.get("passed").asBoolean()).as(blocked.toString()).isFalse();
            assertThat(blocked.get("clearsOn").asText()).as("12 months from its own date").isEqualTo(clears.toString());
            assertThat(blocked.get("eventIds").toString()).contains(eventId);
        }
        assertThat(AdmonishmentMeasureIT.ruleOf(client.get(qian + "&asOf=" + clears).expect(200).json(),
                "influence-period").get("passed").asBoolean()).isTrue();

        // as the ledger knew it before the history was entered: not there
        JsonNode asKnownBefore = AdmonishmentMeasureIT.ruleOf(client.get(qian + "&asOf=" + today + "&knownAt="
                + beforeHistory).expect(200).json(), "influence-period");
        assertThat(asKnownBefore.get("passed").asBoolean()).as(asKnownBefore.toString()).isTrue();
        assertThat(asKnownBefore.get("eventIds").toString()).doesNotContain(eventId);

        // the stored event says it was entered as history
        JsonNode audit = client.get(command + "/audit/streams/" + p + "qian/events").expect(200).json();
        assertThat(audit.at("/events/1/metaData/history").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.at("/events/0/metaData").has("history")).isFalse();
    }

    static void register(String cadre, LocalDate on) {
        client.post(command + "/cadres", "{\"cadreId\":" + q(cadre) + ",\"name\":\"赵明\",\"unitId\":"
                + q(cadre.substring(0, cadre.lastIndexOf('-') + 1) + "office") + ",\"post\":\"科长\","
                + "\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"education\":\"大学\",\"effectiveDate\":" + q(on.toString()) + "}").expect(201);
    }

    static String demerit(String date, boolean history) {
        return "{\"kind\":\"GOVERNMENT_DEMERIT\",\"decidedBy\":\"区监委\",\"reason\":\"违反工作纪律\","
                + "\"effectiveDate\":" + q(date) + (history ? ",\"history\":true" : "") + "}";
    }
}
