package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoardAndCompletionIT extends RankingProjectorIT {

    @Test
    void theCardBoardShowsEachUnitAndAspectWithTotals() throws Exception {
        unit("u-brd", UnitCategory.DISTRICT, null);
        unit("u-b1", UnitCategory.STREET_OFFICE, "u-brd");
        unit("u-b2", UnitCategory.DISTRICT_DEPARTMENT, "u-brd");
        card("u-b1", "经济运行", "2023-Q3", CardColour.BLUE, "u-brd");
        card("u-b1", "平安建设", "2023-Q3", CardColour.YELLOW, "u-brd");
        card("u-b2", "经济运行", "2023-Q3", CardColour.RED, "u-brd");
        String wrong = card("u-b2", "平安建设", "2023-Q3", CardColour.RED, "u-brd");
        revoke("u-b2", wrong);
        card("u-b2", "基层党建", "2023-Q2", CardColour.BLUE, "u-brd");          // another quarter

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode board = get("/api/v1/cards/board?quarter=2023-Q3&issuedBy=u-brd");
            assertThat(board.path("units")).hasSize(2);
            assertThat(board.path("totals").path("RED").asInt()).isEqualTo(1);
        });
        JsonNode board = get("/api/v1/cards/board?quarter=2023-Q3&issuedBy=u-brd");
        assertThat(board.path("aspects").toString()).isEqualTo("[\"平安建设\",\"经济运行\"]");
        assertThat(board.path("totals").toString()).isEqualTo("{\"BLUE\":1,\"YELLOW\":1,\"RED\":1}");
        assertThat(board.at("/units/0/cards/经济运行").asText()).isEqualTo("BLUE");
        assertThat(board.at("/units/0/cards/平安建设").asText()).isEqualTo("YELLOW");
        assertThat(board.at("/units/1/cards/平安建设").isMissingNode()).as("revoked").isTrue();
        assertThat(board.at("/totalsByAspect/经济运行/RED").asInt()).isEqualTo(1);
    }

    @Test
    void completionCountsOnTimeLateOpenAndOverduePerUnitWeekAndMonth() throws Exception {
        unit("u-cmp", UnitCategory.DISTRICT, null);
        unit("u-c1", UnitCategory.STREET_OFFICE, "u-cmp");
        unit("u-c2", UnitCategory.STREET_OFFICE, "u-cmp");
        complete("u-c1", assignment("u-c1", "2023-09-04", "2023-09-08"), "2023-09-07");   // on time
        complete("u-c1", assignment("u-c1", "2023-09-04", "2023-09-08"), "2023-09-11");   // late
        assignment("u-c2", "2023-09-11", "2023-09-15");                                      // overdue by 09-30
        assignment("u-c2", "2023-09-25", "2023-10-06");                                      // open on 09-30
        String revoked = assignment("u-c2", "2023-09-25", "2023-10-06");
        revoke("u-c2", revoked);
        assignment("u-c2", "2023-10-02", "2023-10-06");                                      // issued outside

        String path = "/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30&unitId=u-cmp&asOf=2023-09-30";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get(path).at("/total/overdue").asInt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get(path).at("/total/issued").asInt()).isEqualTo(4));
        JsonNode completion = get(path);
        assertThat(completion.at("/total/completedOnTime").asInt()).isEqualTo(1);
        assertThat(completion.at("/total/completedLate").asInt()).isEqualTo(1);
        assertThat(completion.at("/total/open").asInt()).isEqualTo(1);
        assertThat(completion.at("/total/completionRate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(completion.at("/perUnit/0/unitId").asText()).isEqualTo("u-c1");
        assertThat(completion.at("/perUnit/0/counts/completionRate").decimalValue()).isEqualByComparingTo("1");
        assertThat(completion.at("/perWeek").findValuesAsText("period")).containsExactly("2023-W36", "2023-W37",
                "2023-W39");
        assertThat(completion.at("/perMonth/0/period").asText()).isEqualTo("2023-09");

        JsonNode one = get("/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30&unitId=u-c2&asOf=2023-09-30");
        assertThat(one.at("/total/issued").asInt()).isEqualTo(2);
    }
}
