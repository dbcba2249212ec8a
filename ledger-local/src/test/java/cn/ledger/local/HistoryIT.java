package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * History through the real services: a cadre registered today with a 2023 记过 entered as history is blocked
 * from the sanction's true date until its influence period ends (not from the registration), and the eligibility
 * asked as the ledger knew it before the history was entered answers without it. An ordinary record dated before
 * the registration is still refused.
 */
class HistoryIT {

    static LocalSystem system;
    static LedgerClient client;
    static String command;
    static String query;

    @BeforeAll
    static void startSystem() {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        system = new LocalSystem(home, TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), TestInfrastructure.kafkaBootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/history-logs"));
        system.start(Duration.ofMinutes(10));
        client = new LedgerClient(system.tokens().mint("history-recorder", List.of(Role.RECORDER,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER, Role.AUDITOR), List.of("*"), null));
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aSanctionEnteredAsHistoryBlocksFromItsTrueDateAndKnownAtBeforeTheEntryAnswersWithoutIt() {
        String p = "hist-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        AdmonishmentMeasureIT.client = client;
        AdmonishmentMeasureIT.command = command;
        AdmonishmentMeasureIT.query = query;
        AdmonishmentMeasureIT.units(p);
        client.post(command + "/cadres", "{\"cadreId\":" + q(p + "zhao") + ",\"name\":\"赵明\",\"unitId\":"
                + q(p + "office") + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\","
                + "\"rank\":\"一级主任科员\",\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\","
                + "\"grassrootsYears\":3,\"education\":\"大学\",\"effectiveDate\":" + q(today) + "}").expect(201);
        String demerit = "{\"kind\":\"GOVERNMENT_DEMERIT\",\"decidedBy\":\"区监委\",\"reason\":\"违反工作纪律\","
                + "\"effectiveDate\":\"2023-09-12\"";

        // entered as it happens, a 2023 sanction is refused: it is before the registration
        JsonNode refused = client.post(command + "/cadres/" + p + "zhao/sanctions", demerit + "}").expect(422).json();
        assertThat(refused.at("/errors/0/field").asText()).isEqualTo("effectiveDate");
        // history must be before the registration
        client.post(command + "/cadres/" + p + "zhao/sanctions", "{\"kind\":\"GOVERNMENT_DEMERIT\",\"decidedBy\":"
                + "\"区监委\",\"reason\":\"x\",\"effectiveDate\":" + q(today) + ",\"history\":true}").expect(422);

        Instant beforeHistory = Instant.now();
        JsonNode entered = client.post(command + "/cadres/" + p + "zhao/sanctions", demerit + ",\"history\":true}")
                .expect(201).json();
        assertThat(entered.get("sequenceNumber").asLong()).isEqualTo(1);
        String eventId = AdmonishmentMeasureIT.projected(p + "zhao", entered.get("id").asText());

        String rank = query + "/cadres/" + p + "zhao/eligibility?purpose=RANK_PROMOTION";
        JsonNode blocked = AdmonishmentMeasureIT.ruleOf(client.get(rank + "&asOf=2024-06-30").expect(200).json(),
                "influence-period");
        assertThat(blocked.get("passed").asBoolean()).as(blocked.toString()).isFalse();
        assertThat(blocked.get("clearsOn").asText()).as("12 months from the sanction's own date").isEqualTo("2024-09-12");
        assertThat(blocked.get("eventIds").toString()).contains(eventId);
        assertThat(AdmonishmentMeasureIT.ruleOf(client.get(rank + "&asOf=2024-09-12").expect(200).json(),
                "influence-period").get("passed").asBoolean()).isTrue();
        assertThat(AdmonishmentMeasureIT.ruleOf(client.get(rank + "&asOf=" + today).expect(200).json(),
                "influence-period").get("passed").asBoolean()).as("its period ended long before the registration").isTrue();

        JsonNode asKnownBefore = AdmonishmentMeasureIT.ruleOf(client.get(rank + "&asOf=2024-06-30&knownAt="
                + beforeHistory).expect(200).json(), "influence-period");
        assertThat(asKnownBefore.get("passed").asBoolean()).as(asKnownBefore.toString()).isTrue();
        assertThat(asKnownBefore.get("eventIds").toString()).doesNotContain(eventId);

        // the published event says it was entered as history
        JsonNode audit = client.get(command + "/audit/streams/" + p + "zhao/events").expect(200).json();
        assertThat(audit.toString()).contains("\"history\":true");
    }
}
