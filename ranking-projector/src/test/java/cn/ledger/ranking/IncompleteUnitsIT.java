package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A unit whose stream has a record parked for a read-model rule: health reports it, and the card board,
 * the completion and the unit's tally row say they are incomplete, naming the records, until the re-drive.
 */
class IncompleteUnitsIT extends RankingProjectorIT {

    @Test
    void aParkedUnitRecordIsNamedByTheBoardTheTallyAndHealthUntilTheRedrive() throws Exception {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION reject_card() RETURNS trigger AS $$
                BEGIN
                  IF NEW.aspect = '违规方面' THEN RAISE EXCEPTION 'aspect % breaks a read-model rule', NEW.aspect; END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("CREATE TRIGGER reject_card BEFORE INSERT ON card FOR EACH ROW EXECUTE FUNCTION reject_card()");
        String parent = "u-inc-" + UUID.randomUUID().toString().substring(0, 8);
        String unit = parent + "-1";
        unit(parent, UnitCategory.DISTRICT, null);
        unit(unit, UnitCategory.STREET_OFFICE, parent);
        evaluation(unit, "2023-09", "90", "a-1");
        card(unit, "违规方面", "2023-Q3", CardColour.RED, parent);               // parked
        card(unit, "经济运行", "2023-Q3", CardColour.BLUE, parent);              // waits behind it

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM parked_event WHERE stream_id = ?", Integer.class, unit)).isEqualTo(2));

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/projection")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("STALE");

        JsonNode board = get("/api/v1/cards/board?quarter=2023-Q3&issuedBy=" + parent);
        assertMissing(board.path("completeness"), unit);
        JsonNode completion = get("/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30&unitId=" + parent);
        assertMissing(completion.path("completeness"), unit);
        JsonNode row = rowOf(get("/api/v1/tallies/monthly/2023-09"), unit);
        assertMissing(row.path("completeness"), unit);
        assertThat(raw("/api/v1/cards/board.csv?quarter=2023-Q3&issuedBy=" + parent).body())
                .contains("记录完整性,不完整 (incomplete): " + unit + " 自序号 2 起缺 2 条记录");

        jdbc.execute("DROP TRIGGER reject_card ON card");
        HttpResponse<String> redrive = http.send(HttpRequest.newBuilder(URI.create(url(
                "/api/v1/admin/parked-events/redrive?streamId=" + unit))).header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redrive.statusCode()).as(redrive.body()).isEqualTo(200);
        assertThat(JSON.readTree(redrive.body()).path("redriven").asInt()).isEqualTo(2);

        JsonNode after = get("/api/v1/cards/board?quarter=2023-Q3&issuedBy=" + parent);
        assertThat(after.at("/units/0/cards/违规方面").asText()).isEqualTo("RED");
        assertThat(missingOf(after.path("completeness"), unit)).isNull();
        JsonNode rowAfter = rowOf(get("/api/v1/tallies/monthly/2023-09"), unit);
        assertThat(rowAfter.at("/completeness/complete").asBoolean()).isTrue();
        assertThat(rowAfter.path("redCards").asInt()).isEqualTo(1);
    }

    private static JsonNode rowOf(JsonNode tally, String unit) {
        for (JsonNode row : tally) {
            if (row.path("unitId").asText().equals(unit)) {
                return row;
            }
        }
        throw new AssertionError(unit + " not in " + tally);
    }

    private static JsonNode missingOf(JsonNode completeness, String stream) {
        for (JsonNode m : completeness.path("missing")) {
            if (m.path("streamId").asText().equals(stream)) {
                return m;
            }
        }
        return null;
    }

    private static void assertMissing(JsonNode completeness, String unit) {
        assertThat(completeness.path("complete").asBoolean()).as(completeness.toString()).isFalse();
        JsonNode missing = missingOf(completeness, unit);
        assertThat(missing).as(completeness.toString()).isNotNull();
        assertThat(missing.path("fromSequence").asLong()).isEqualTo(2);
        assertThat(missing.path("parkedRecords").asInt()).isEqualTo(2);
        assertThat(missing.path("reason").asText()).contains("breaks a read-model rule");
    }
}
