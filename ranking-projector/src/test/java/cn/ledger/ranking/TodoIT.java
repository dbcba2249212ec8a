package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.UnitCategory;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ranking-projector's to-do list over real records: an assessor sees the assignments of the units in their scope due
 * this week or overdue and not ticked off (挂账未销号), paged; an admin sees the months a review group of their scope
 * has not closed, until it is closed.
 */
class TodoIT extends RankingProjectorIT {

    static final String AS_OF = "2024-03-13"; // a Wednesday: the week runs 03-11 to 03-17

    @Test
    void anAssessorSeesTheOpenAssignmentsDueThisWeekOrOverdueOfTheirUnitsOnly() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String district = "u-td-" + tag;
        String office = "u-to-" + tag;
        String other = "u-tx-" + tag;
        unit(district, UnitCategory.DISTRICT, null);
        unit(office, UnitCategory.STREET_OFFICE, district);
        unit(other, UnitCategory.DISTRICT, null);
        String overdue = assignment(office, "2024-02-26", "2024-03-08");
        String thisWeek = assignment(office, "2024-03-11", "2024-03-17");
        assignment(office, "2024-03-11", "2024-03-18");                              // next week
        String done = assignment(office, "2024-03-04", "2024-03-08");
        complete(office, done, "2024-03-07");
        String revoked = assignment(office, "2024-03-04", "2024-03-08");
        revoke(office, revoked);
        String elsewhere = assignment(other, "2024-03-04", "2024-03-12");

        String mine = token(Role.ASSESSOR, district);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(todo(mine, "").path("total").asLong()).isEqualTo(2));
        JsonNode list = todo(mine, "");
        assertThat(list.path("kinds").toString()).isEqualTo("[\"ASSIGNMENT\"]");
        assertThat(list.path("items").findValuesAsText("recordId")).containsExactly(overdue, thisWeek);
        JsonNode first = list.path("items").get(0);
        assertThat(first.path("overdue").asBoolean()).isTrue();
        assertThat(first.path("days").asLong()).isEqualTo(5);
        assertThat(first.path("unitName").asText()).isEqualTo("单位" + office);
        assertThat(first.path("title").asText()).isEqualTo("周交办事项");
        assertThat(list.path("items").get(1).path("overdue").asBoolean()).isFalse();

        JsonNode page1 = todo(mine, "&limit=1");
        assertThat(page1.path("items").findValuesAsText("recordId")).containsExactly(overdue);
        JsonNode page2 = todo(mine, "&limit=1&cursor=" + page1.path("next").asText());
        assertThat(page2.path("items").findValuesAsText("recordId")).containsExactly(thisWeek);
        assertThat(page2.path("next").isNull()).isTrue();

        // the other district's assessor sees only its own; an assessor with no unit sees nothing
        assertThat(todo(token(Role.ASSESSOR, other), "").path("items").findValuesAsText("recordId"))
                .containsExactly(elsewhere);
        assertThat(todo(tokens.mint("it-none", List.of(Role.ASSESSOR), List.of(), null), "").path("total").asLong())
                .isZero();
        // ticked off: gone
        complete(office, overdue, "2024-03-12");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(todo(mine, "").path("items").findValuesAsText("recordId")).containsExactly(thisWeek));
        assertThat(raw("/api/v1/todo?limit=0", "Bearer " + mine).statusCode()).isEqualTo(400);
    }

    @Test
    void anAdminSeesTheMonthsTheirReviewGroupsHaveNotClosedUntilTheyAre() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "u-tg-" + tag;
        String a = "u-ta-" + tag;
        String b = "u-tb-" + tag;
        String otherGroup = "u-tz-" + tag;
        unit(group, UnitCategory.DISTRICT, null);
        unit(a, UnitCategory.STREET_OFFICE, group);
        unit(b, UnitCategory.STREET_OFFICE, group);
        unit(otherGroup, UnitCategory.DISTRICT, null);
        unit("u-tzc-" + tag, UnitCategory.STREET_OFFICE, otherGroup);
        evaluation(a, "2024-01", "90", "assessor-1");
        evaluation(b, "2024-01", "80", "assessor-1");
        evaluation(a, "2024-02", "85", "assessor-1");
        evaluation(a, "2024-03", "85", "assessor-1");   // the month of asOf: not ended, not listed
        evaluation("u-tzc-" + tag, "2024-01", "70", "assessor-1");

        String admin = token(Role.ADMIN, group);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(months(admin)).containsExactly(group + "/2024-01", group + "/2024-02"));
        JsonNode january = todo(admin, "").path("items").get(0);
        assertThat(january.path("kind").asText()).isEqualTo("MONTH_CLOSE");
        assertThat(january.path("month").asText()).isEqualTo("2024-01");
        assertThat(january.path("unitId").asText()).isEqualTo(group);
        assertThat(january.path("unitName").asText()).isEqualTo("单位" + group);
        assertThat(january.path("count").asInt()).isEqualTo(2);
        assertThat(january.path("closesAt").asText()).isNotEmpty();
        // not the other group's month, and an assessor sees no months
        assertThat(months(token(Role.ADMIN, otherGroup))).containsExactly(otherGroup + "/2024-01");
        assertThat(todo(token(Role.ASSESSOR, group), "").path("kinds").toString()).isEqualTo("[\"ASSIGNMENT\"]");

        close("2024-01", group);
        assertThat(months(admin)).containsExactly(group + "/2024-02");
    }

    private List<String> months(String token) throws Exception {
        return java.util.stream.StreamSupport.stream(todo(token, "&limit=200").path("items").spliterator(), false)
                .filter(i -> i.path("kind").asText().equals("MONTH_CLOSE")).map(i -> i.path("recordId").asText())
                .toList();
    }

    private String token(Role role, String unit) {
        return tokens.mint("it-" + role.claim(), List.of(role), List.of(unit), null);
    }

    private JsonNode todo(String token, String query) throws Exception {
        HttpResponse<String> response = raw("/api/v1/todo?asOf=" + AS_OF + query, "Bearer " + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
