package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One city, two districts, each holding its own monthly review: a district's close, versions and
 * accountability trigger are its own, and what an assessor, reviewer or operator of one district lists or
 * closes stops at its border. Units and months (2021) are this class's own.
 */
class ReviewGroupsIT extends RankingProjectorIT {

    static final String CITY = "u-rg-city";
    static final String A = "u-rg-a";
    static final String B = "u-rg-b";

    String as(String subject, List<Role> roles, List<String> units) {
        return "Bearer " + tokens.mint(subject, roles, units, null);
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static List<String> units(JsonNode ranking) {
        return ranking.path("ranking").findValuesAsText("unitId");
    }

    @Test
    void closingSeptemberInOneDistrictLeavesTheOtherOpenAndEachListStopsAtTheCallersScope() throws Exception {
        unit(CITY, UnitCategory.CITY, null);
        unit(A, UnitCategory.DISTRICT, CITY);
        unit(B, UnitCategory.DISTRICT, CITY);
        for (String office : new String[] {"u-rg-a1", "u-rg-a2", "u-rg-a3"}) {
            unit(office, UnitCategory.STREET_OFFICE, A);
        }
        for (String office : new String[] {"u-rg-b1", "u-rg-b2", "u-rg-b3"}) {
            unit(office, UnitCategory.STREET_OFFICE, B);
        }
        // August: a3 last in A, b2 last in B. September: a3 last in A; in B, b3 (scored later) will be last.
        for (String month : new String[] {"2021-08", "2021-09"}) {
            evaluation("u-rg-a1", month, "90", "督查委");
            evaluation("u-rg-a2", month, "80", "督查委");
            evaluation("u-rg-a3", month, "70", "督查委");
            evaluation("u-rg-b1", month, "88", "督查委");
            evaluation("u-rg-b2", month, "60", "督查委");
        }
        card("u-rg-a1", "基层党建", "2021-Q3", CardColour.BLUE, A);
        card("u-rg-b1", "基层党建", "2021-Q3", CardColour.RED, B);
        awaitRanked("2021-08", A, 3);
        awaitRanked("2021-08", B, 2);
        awaitRanked("2021-09", A, 3);
        awaitRanked("2021-09", B, 2);

        close("2021-08", A);
        close("2021-08", B);
        JsonNode closedA = close("2021-09", A);
        assertThat(closedA.path("status").asText()).isEqualTo("FINAL");
        assertThat(closedA.path("version").asInt()).isEqualTo(1);
        assertThat(closedA.path("parentUnitId").asText()).isEqualTo(A);
        assertThat(units(closedA)).containsExactly("u-rg-a1", "u-rg-a2", "u-rg-a3");

        // B's September is still open, and takes what B's assessors enter into its first version.
        JsonNode openB = get("/api/v1/rankings/monthly/2021-09?parentUnitId=" + B);
        assertThat(openB.path("status").asText()).isEqualTo("PROVISIONAL");
        assertThat(openB.path("version").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ranking_month WHERE group_id = ? AND month = '2021-09'",
                Integer.class, B)).as("B's September closed with A's").isZero();
        evaluation("u-rg-b3", "2021-09", "50", "督查委");
        awaitRanked("2021-09", B, 3);
        // The whole month, both districts: partly final, each group with its own state.
        JsonNode both = get("/api/v1/rankings/monthly/2021-09");
        assertThat(both.path("status").asText()).isIn("PARTLY_FINAL");
        assertThat(both.path("version").isNull()).isTrue();
        assertThat(stateOf(both, A)).isEqualTo("FINAL v1");
        assertThat(stateOf(both, B)).isEqualTo("PROVISIONAL");
        JsonNode closedB = close("2021-09", B);
        assertThat(closedB.path("version").asInt()).isEqualTo(1);
        assertThat(units(closedB)).containsExactly("u-rg-b1", "u-rg-b2", "u-rg-b3");
        // B's close and B's late record made no version of A's month.
        assertThat(get("/api/v1/rankings/monthly/2021-09/versions?parentUnitId=" + A)).hasSize(1);
        assertThat(get("/api/v1/rankings/monthly/2021-09/versions?parentUnitId=" + B)).hasSize(1);
        assertThat(get("/api/v1/rankings/monthly/2021-09").path("status").asText()).isEqualTo("FINAL");

        // A late record for A's September makes A's version 2; B's stays at 1.
        evaluation("u-rg-a3", "2021-09", "99", "考核办");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/v1/rankings/monthly/2021-09/versions?parentUnitId=" + A)).hasSize(2));
        assertThat(get("/api/v1/rankings/monthly/2021-09?parentUnitId=" + B).path("versions").asInt()).isEqualTo(1);

        // The trigger counts each district's own closed months: a3 was last in A's August and A's first
        // September version; b2 was last in B's August, then b3 took B's last place in September.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(
                "/api/v1/accountability?from=2021-01&to=2021-12&parentUnitId=" + A).findValuesAsText("unitId"))
                .containsExactly("u-rg-a3"));
        assertThat(get("/api/v1/accountability?from=2021-01&to=2021-12&parentUnitId=" + B)).isEmpty();
        assertThat(get("/api/v1/accountability?from=2021-01&to=2021-12&unitId=u-rg-a3").at("/0/parentUnitId")
                .asText()).isEqualTo(A);

        // An assessor of A sees A's units only, everywhere; naming B (or one of B's units) is refused.
        String assessorA = as("rg-assessor-a", List.of(Role.ASSESSOR), List.of(A));
        assertThat(units(json(raw("/api/v1/rankings/monthly/2021-09", assessorA))))
                .containsExactlyInAnyOrder("u-rg-a1", "u-rg-a2", "u-rg-a3");
        assertThat(json(raw("/api/v1/rankings/monthly/2021-09", assessorA)).path("groups").findValuesAsText("parentUnitId"))
                .containsExactly(A);
        List<String> versionGroups = new java.util.ArrayList<>();
        json(raw("/api/v1/rankings/monthly/2021-09/versions", assessorA)).forEach(v -> versionGroups.add(
                v.path("parentUnitId").asText()));
        assertThat(versionGroups).containsExactly(A, A);
        assertThat(json(raw("/api/v1/tallies/monthly/2021-09", assessorA)).findValuesAsText("unitId"))
                .containsExactlyInAnyOrder("u-rg-a1", "u-rg-a2", "u-rg-a3");
        assertThat(json(raw("/api/v1/accountability?from=2021-01&to=2021-12", assessorA)).findValuesAsText("unitId"))
                .containsExactly("u-rg-a3");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/api/v1/cards/board?quarter=2021-Q3")
                .path("units").findValuesAsText("unitId")).containsExactly("u-rg-a1", "u-rg-b1"));
        assertThat(json(raw("/api/v1/cards/board?quarter=2021-Q3", assessorA)).path("units").findValuesAsText("unitId"))
                .containsExactly("u-rg-a1");
        String csv = raw("/api/v1/rankings/monthly/2021-09.csv", assessorA).body();
        assertThat(csv).contains("单位u-rg-a1").doesNotContain("u-rg-b");
        for (String refused : List.of("/api/v1/rankings/monthly/2021-09?parentUnitId=" + B,
                "/api/v1/rankings/monthly/2021-09/versions?parentUnitId=" + B,
                "/api/v1/rankings/monthly/2021-09.csv?parentUnitId=" + B,
                "/api/v1/tallies/monthly/2021-09?parentUnitId=" + B,
                "/api/v1/tallies/monthly/2021-09?unitId=u-rg-b1",
                "/api/v1/accountability?from=2021-01&to=2021-12&parentUnitId=" + B,
                "/api/v1/accountability?from=2021-01&to=2021-12&unitId=u-rg-b2",
                "/api/v1/assignments/completion?from=2021-09-01&to=2021-09-30&unitId=" + B,
                // the city is above A: outside A's scope too
                "/api/v1/rankings/monthly/2021-09?parentUnitId=" + CITY)) {
            HttpResponse<String> response = raw(refused, assessorA);
            assertThat(response.statusCode()).as(refused + " → " + response.body()).isEqualTo(403);
            assertThat(response.body()).as(refused).contains("\"field\":\"" + (refused.contains("unitId=u-")
                    && !refused.contains("parentUnitId") ? "unitId" : "parentUnitId") + "\"");
        }
        // A reviewer of the whole city filters by district: A's children only.
        String cityReviewer = as("rg-reviewer-city", List.of(Role.REVIEWER), List.of(CITY));
        assertThat(json(raw("/api/v1/tallies/monthly/2021-09?parentUnitId=" + A, cityReviewer)).findValuesAsText("unitId"))
                .containsExactlyInAnyOrder("u-rg-a1", "u-rg-a2", "u-rg-a3");
        assertThat(json(raw("/api/v1/tallies/monthly/2021-09?unitId=u-rg-b3", cityReviewer)).findValuesAsText("unitId"))
                .containsExactly("u-rg-b3");
        assertThat(units(json(raw("/api/v1/rankings/monthly/2021-09", cityReviewer))))
                .contains("u-rg-a1", "u-rg-b1").doesNotContain("u-late", "u-acc");
        // A caller whose token names no unit sees none.
        String unscoped = as("rg-reviewer-none", List.of(Role.REVIEWER), List.of());
        assertThat(units(json(raw("/api/v1/rankings/monthly/2021-09", unscoped)))).isEmpty();
        assertThat(json(raw("/api/v1/tallies/monthly/2021-09", unscoped))).isEmpty();

        // An operator of A closes A's months, not B's; an assessor closes nothing.
        String operatorA = as("rg-admin-a", List.of(Role.ADMIN), List.of(A));
        HttpResponse<String> refused = post("/api/v1/rankings/monthly/2021-07/close?parentUnitId=" + B, operatorA);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("\"field\":\"parentUnitId\"");
        assertThat(post("/api/v1/rankings/monthly/2021-07/close?parentUnitId=" + A, assessorA).statusCode())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ranking_month WHERE month = '2021-07'", Integer.class))
                .isZero();
        HttpResponse<String> closed = post("/api/v1/rankings/monthly/2021-07/close?parentUnitId=" + A, operatorA);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT group_id FROM ranking_month WHERE month = '2021-07'", String.class))
                .containsExactly(A);
    }

    /** "FINAL v1" or "PROVISIONAL": the state of a review group in a month's answer. */
    static String stateOf(JsonNode ranking, String group) {
        for (JsonNode g : ranking.path("groups")) {
            if (g.path("parentUnitId").asText().equals(group)) {
                return g.path("status").asText() + (g.path("version").isNull() ? "" : " v" + g.path("version").asInt());
            }
        }
        return "absent";
    }

    @Test
    void aCallerScopedToEverythingStillNamesNoGroupToCloseEverything() throws Exception {
        String everything = as("rg-admin-all", List.of(Role.ADMIN), List.of(Caller.ALL_UNITS));
        HttpResponse<String> response = post("/api/v1/rankings/monthly/2021-06/close", everything);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"parentUnitId\"");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ranking_month WHERE month = '2021-06'", Integer.class))
                .isZero();
    }
}
