package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.UnitCategory;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class MonthCloseIT extends RankingProjectorIT {

    static String rankOf(JsonNode ranking, String unit) {
        for (JsonNode place : ranking.path("ranking")) {
            if (place.path("unitId").asText().equals(unit)) {
                return place.path("rank").asText() + "/" + place.path("outcome").asText();
            }
        }
        return "absent";
    }

    @Test
    void aLateRecordForAClosedMonthMakesVersionTwoAndVersionOneStaysReadable() throws Exception {
        unit("u-late", UnitCategory.DISTRICT, null);
        for (String office : new String[] {"u-l1", "u-l2", "u-l3"}) {
            unit(office, UnitCategory.STREET_OFFICE, "u-late");
        }
        evaluation("u-l1", "2023-09", "90", "督查委");
        evaluation("u-l2", "2023-09", "80", "督查委");
        evaluation("u-l3", "2023-09", "70", "督查委");
        String assignment = assignment("u-l2", "2023-09-04", "2023-09-08");
        complete("u-l2", assignment, "2023-09-12");
        String openAtClose = assignment("u-l3", "2023-09-04", "2023-09-08");
        awaitRanked("2023-09", "u-late", 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(
                "/api/v1/rankings/monthly/2023-09?parentUnitId=u-late").at("/ranking/1/components/assignments/late")
                .asInt()).isEqualTo(1));

        JsonNode provisional = get("/api/v1/rankings/monthly/2023-09?parentUnitId=u-late");
        assertThat(provisional.path("status").asText()).isEqualTo("PROVISIONAL");
        assertThat(provisional.path("version").isNull()).isTrue();

        JsonNode v1 = close("2023-09", "u-late");
        assertThat(v1.path("status").asText()).isEqualTo("FINAL");
        assertThat(v1.path("version").asInt()).isEqualTo(1);
        JsonNode mine = get("/api/v1/rankings/monthly/2023-09?parentUnitId=u-late");
        assertThat(rankOf(mine, "u-l1")).isEqualTo("1/REWARD");
        assertThat(rankOf(mine, "u-l2")).isEqualTo("2/REWARD");
        assertThat(rankOf(mine, "u-l3")).isEqualTo("3/STATEMENT");
        // 0.7 × 80 + 0.3 × (0.5 × 1 / 1) × 100 + 0 = 71
        assertThat(mine.at("/ranking/1/score").decimalValue()).isEqualByComparingTo("71.00");
        assertThat(mine.at("/ranking/1/components/assignments/completionRate").decimalValue())
                .isEqualByComparingTo("0.5");

        // u-l3: 0.7 × 70 + 0 (its one assignment open) = 49.
        assertThat(mine.at("/ranking/2/score").decimalValue()).isEqualByComparingTo("49.00");

        // Recorded after the close: u-l3 had completed it on time → 0.7 × 70 + 30 = 79, above u-l2.
        LedgerEnvelope late = complete("u-l3", openAtClose, "2023-09-08");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/v1/rankings/monthly/2023-09/versions?parentUnitId=u-late").size()).isEqualTo(2));

        JsonNode v2 = get("/api/v1/rankings/monthly/2023-09?parentUnitId=u-late");
        assertThat(v2.path("version").asInt()).isEqualTo(2);
        assertThat(rankOf(v2, "u-l3")).isEqualTo("2/REWARD");
        assertThat(rankOf(v2, "u-l2")).isEqualTo("3/STATEMENT");
        JsonNode stillV1 = get("/api/v1/rankings/monthly/2023-09?parentUnitId=u-late&version=1");
        assertThat(rankOf(stillV1, "u-l3")).isEqualTo("3/STATEMENT");
        assertThat(stillV1.path("version").asInt()).isEqualTo(1);

        JsonNode versions = get("/api/v1/rankings/monthly/2023-09/versions?parentUnitId=u-late");
        assertThat(versions.at("/1/reason").asText()).contains("after the close");
        JsonNode changes = versions.at("/1/changes");
        assertThat(changes.findValuesAsText("unitId")).contains("u-l2", "u-l3").doesNotContain("u-l1");
        for (JsonNode change : changes) {
            if (change.path("unitId").asText().equals("u-l3")) {
                assertThat(change.at("/before/rank").asInt()).isEqualTo(3);
                assertThat(change.at("/after/rank").asInt()).isEqualTo(2);
            }
        }

        // The same late event delivered again changes nothing.
        awaitSettled();
        long changesBefore = lastChange("2023-09");
        publish(late);
        evaluation("u-l3", "2023-10", "60", "督查委");   // next on the same stream: once it shows, the repeat was read
        awaitRanked("2023-10", "u-late", 1);
        awaitSettled();
        assertThat(lastChange("2023-09")).as("a change recorded for the repeated event").isEqualTo(changesBefore);
        assertThat(get("/api/v1/rankings/monthly/2023-09/versions?parentUnitId=u-late").size()).isEqualTo(2);

        String policy = v2.path("policyVersion").asText();
        String published = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        var csvResponse = raw("/api/v1/rankings/monthly/2023-09.csv?parentUnitId=u-late");
        assertThat(csvResponse.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(csvResponse.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"ranking-2023-09-u-late-v2.csv\"")
                .contains("filename*=UTF-8''" + java.net.URLEncoder.encode("月讲评排名-2023-09-u-late-第2版", StandardCharsets.UTF_8)
                        + ".csv");
        String csv = csvResponse.body();
        assertThat(csv).startsWith("\uFEFF月讲评排名,2023-09,状态,定稿,版本,2,评分办法," + policy + ",数据截至," + published
                + ",生成时间,");
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).isEqualTo("类别,上级单位,名次,单位,综合得分,月考评得分,"
                + "考评得分计入,到期交办,按时销号,逾期销号,未销号,完成率,交办得分计入,正向纪实分,负向纪实分,纪实得分计入,结果");
        assertThat(csv).contains("街道办事处,u-late,").contains("单位u-l3").contains("表态发言").contains("奖励");
        assertThat(csv).contains("街道办事处,u-late,2,单位u-l3,79.00,");
        String v1Csv = raw("/api/v1/rankings/monthly/2023-09.csv?parentUnitId=u-late&version=1").body();
        assertThat(v1Csv).startsWith("\uFEFF月讲评排名,2023-09,状态,定稿,版本,1,").contains("街道办事处,u-late,3,单位u-l3,49.00,");

        var xlsx = bytes("/api/v1/rankings/monthly/2023-09.xlsx?parentUnitId=u-late");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"ranking-2023-09-u-late-v2.xlsx\"; filename*=UTF-8''");
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<List<String>> rows = cells(workbook);
            assertThat(rows.get(0)).containsExactly("月讲评排名 2023-09");
            assertThat(rows.subList(1, 7)).containsExactly(List.of("月份", "2023-09"), List.of("状态", "定稿"),
                    List.of("版本", "2"), List.of("评分办法", policy), List.of("数据截至", published),
                    rows.get(6));
            assertThat(rows.get(6).get(0)).isEqualTo("生成时间");
            assertThat(rows.get(7).get(0)).isEqualTo("记录完整性");
            assertThat(rows.get(9)).containsExactly("类别", "上级单位", "名次", "单位", "综合得分", "月考评得分", "考评得分计入",
                    "到期交办", "按时销号", "逾期销号", "未销号", "完成率", "交办得分计入", "正向纪实分", "负向纪实分",
                    "纪实得分计入", "结果");
            List<String> l3 = rows.stream().filter(r -> r.size() > 3 && r.get(3).equals("单位u-l3")).findFirst().orElseThrow();
            assertThat(l3.subList(0, 6)).containsExactly("街道办事处", "u-late", "2", "单位u-l3", "79", "70");
            assertThat(l3.get(16)).isEqualTo("奖励");
            var properties = workbook.getProperties();
            assertThat(properties.getCoreProperties().getTitle()).isEqualTo("月讲评排名");
            assertThat(properties.getCustomProperties().getProperty("policyVersion").getLpwstr()).isEqualTo(policy);
            assertThat(properties.getCustomProperties().getProperty("asOf").getLpwstr()).isEqualTo(published);
            assertThat(properties.getCustomProperties().getProperty("month").getLpwstr()).isEqualTo("2023-09");
            assertThat(properties.getCustomProperties().getProperty("version").getLpwstr()).isEqualTo("2");
            assertThat(properties.getCustomProperties().getProperty("generatedAt").getLpwstr()).isNotBlank();
        }
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(
                bytes("/api/v1/rankings/monthly/2023-09.xlsx?parentUnitId=u-late&version=1").body()))) {
            assertThat(cells(workbook).get(3)).containsExactly("版本", "1");
        }
    }

    @Test
    void badParametersAreNamed() throws Exception {
        var response = raw("/api/v1/rankings/monthly/2023-13");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"month\"");
        // a version the group's month does not have is not held: 404 naming it
        response = raw("/api/v1/rankings/monthly/2023-01?parentUnitId=u-late&version=7");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"field\":\"version\"");
        // a version is one review group's: without the group the request is incomplete
        response = raw("/api/v1/rankings/monthly/2023-01?version=1");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"parentUnitId\"");
        response = post("/api/v1/rankings/monthly/2023-01/close", bearer());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"parentUnitId\"");
        response = post("/api/v1/rankings/monthly/2023-01/close?parentUnitId=u-nobody-registered", bearer());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"field\":\"parentUnitId\"");
        for (String export : List.of("/api/v1/rankings/monthly/2023-13.xlsx", "/api/v1/rankings/monthly/2023-13.csv")) {
            response = raw(export);
            assertThat(response.statusCode()).as(export).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
            assertThat(response.body()).contains("\"field\":\"month\"");
        }
        response = raw("/api/v1/rankings/monthly/2023-01.xlsx?parentUnitId=u-late&version=7");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"field\":\"version\"");
        for (String export : List.of("/api/v1/cards/board.xlsx?quarter=2023-3", "/api/v1/cards/board.csv?quarter=2023-Q5",
                "/api/v1/cards/board.csv")) {
            response = raw(export);
            assertThat(response.statusCode()).as(export).isEqualTo(400);
            assertThat(response.body()).as(export).contains("\"field\":\"quarter\"");
        }
        response = raw("/api/v1/cards/board?quarter=2023-3");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"quarter\"");
        response = raw("/api/v1/accountability?from=2023-09");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"to\"");
    }
}
