package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.UnitCategory;
import cn.ledger.embedded.SchemaComparison;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rebuild from the start of the topic into fresh tables while the live ones keep serving and
 * consuming; the rebuilt tables equal the live ones; the switch keeps the published versions and asks
 * for no accountability procedure again.
 */
class RebuildIT extends RankingProjectorIT {

    /** The projector's own decisions, carried over at the switch rather than rebuilt from the topic. */
    static final Set<String> PUBLISHED = Set.of("ranking_month", "ranking_version", "ranking_entry",
            "accountability_trigger");
    /** Bookkeeping: when a row was applied, and the numbering of change marks. */
    static final Set<String> BOOKKEEPING = Set.of("applied_at", "change_id");

    @Autowired
    DataSource dataSource;

    @Test
    void rebuildsBesideTheLiveTablesAndSwitchesWithoutRepeatingAnySideEffect() throws Exception {
        LEDGER_COMMAND.publishWith(envelope -> {
            try {
                publish(envelope.subject(), envelope.event());     // next in the unit's stream
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        unit("u-rb", UnitCategory.DISTRICT, null);
        for (String office : new String[] {"u-rb1", "u-rb2", "u-rb3"}) {
            unit(office, UnitCategory.STREET_OFFICE, "u-rb");
        }
        for (String month : new String[] {"2022-03", "2022-04"}) {
            evaluation("u-rb1", month, "90", "督查委");
            evaluation("u-rb2", month, "80", "督查委");
            evaluation("u-rb3", month, "70", "督查委");
            awaitRanked(month, "u-rb", 3);
            close(month, "u-rb");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM accountability_procedure WHERE unit_id = 'u-rb3'", Integer.class) == 1);
        // A late score makes April's version 2.
        evaluation("u-rb2", "2022-04", "40", "考核办");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/rankings/monthly/2022-04/versions?parentUnitId=u-rb").size() == 2);
        TreeMap<String, JsonNode> before = published();
        long requestsBefore = LEDGER_COMMAND.requests.size();

        JsonNode started = send("POST", "/api/v1/admin/rebuilds?autoSwitch=false", 202);
        String id = started.path("id").asText();
        String rebuiltSchema = started.path("schema").asText();
        assertThat(rebuiltSchema).isEqualTo("ranking_rebuild_" + id);
        assertThat(send("POST", "/api/v1/admin/rebuilds", 409).path("type").asText())
                .isEqualTo("urn:ledger:problem:rebuild-conflict");

        // The live side keeps consuming and answering while the rebuild runs.
        evaluation("u-rb1", "2022-05", "91", "督查委");
        evaluation("u-rb2", "2022-05", "81", "督查委");
        awaitRanked("2022-05", "u-rb", 2);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = get("/api/v1/admin/rebuilds/" + id);
            assertThat(status.path("state").asText()).isEqualTo("CAUGHT_UP");
            assertThat(status.path("lag").asLong()).isZero();
            assertThat(status.path("eventsRead").asLong()).isPositive();
        });
        // Caught up, it keeps up with what comes next; then its tables equal the live ones.
        evaluation("u-rb3", "2022-05", "71", "督查委");
        awaitRanked("2022-05", "u-rb", 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SchemaComparison.differences(dataSource,
                "ranking", rebuiltSchema, PUBLISHED, BOOKKEEPING)).isEmpty());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + rebuiltSchema + ".evaluation", Integer.class))
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM ranking.evaluation", Integer.class))
                .isPositive();

        send("POST", "/api/v1/admin/rebuilds/" + id + "/switch", 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get("/api/v1/admin/rebuilds/" + id).path("state").asText()).isEqualTo("SWITCHED"));
        JsonNode switched = get("/api/v1/admin/rebuilds/" + id);
        assertThat(switched.path("retiredSchema").asText()).isEqualTo("ranking_retired_" + id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?",
                Integer.class, "ranking_retired_" + id)).isEqualTo(1);

        // The published months and their versions are the same, and stay so: nothing is left for a reconcile
        // pass to look at, nor for the sender to send.
        awaitSettled();
        assertThat(published()).isEqualTo(before);
        assertThat(get("/api/v1/accountability?from=2022-01&to=2022-12&parentUnitId=u-rb")).hasSize(1);
        assertThat(LEDGER_COMMAND.requests).hasSize((int) requestsBefore);

        // The live consumer goes on from where the rebuild stopped.
        evaluation("u-rb1", "2022-06", "90", "督查委");
        awaitRanked("2022-06", "u-rb", 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stream_position WHERE stream_id = 'u-rb1'", Integer.class))
                .isEqualTo(1);
        // ...which the retired tables never saw: the comparison tells them apart.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SchemaComparison.differences(dataSource,
                "ranking", "ranking_retired_" + id, PUBLISHED, BOOKKEEPING)).anyMatch(d -> d.startsWith("evaluation:")));
    }

    private TreeMap<String, JsonNode> published() throws Exception {
        TreeMap<String, JsonNode> result = new TreeMap<>();
        for (String month : List.of("2022-03", "2022-04")) {
            result.put(month + " latest", get("/api/v1/rankings/monthly/" + month + "?parentUnitId=u-rb"));
            result.put(month + " v1", get("/api/v1/rankings/monthly/" + month + "?parentUnitId=u-rb&version=1"));
            result.put(month + " versions", get("/api/v1/rankings/monthly/" + month + "/versions?parentUnitId=u-rb"));
        }
        return result;
    }

    private JsonNode send(String method, String path, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }
}
