package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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

        var csvResponse = raw("/api/v1/cards/board.csv?quarter=2023-Q3&issuedBy=u-brd");
        assertThat(csvResponse.statusCode()).isEqualTo(200);
        assertThat(csvResponse.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csvResponse.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"cards-2023-Q3-u-brd.csv\"; filename*=UTF-8''"
                        + URLEncoder.encode("亮牌情况", StandardCharsets.UTF_8) + "-2023-Q3-u-brd.csv");
        List<String> csv = csvResponse.body().lines().toList();
        assertThat(csv.get(0)).startsWith("\uFEFF亮牌情况,2023-Q3,发牌单位,u-brd,评分办法,chuanhui-2023.1,数据截至,2023-09-30,生成时间,");
        assertThat(csv.subList(1, csv.size())).containsExactly(
                "单位编码,单位,类别,平安建设,经济运行,蓝牌数,黄牌数,红牌数",
                "u-b1,单位u-b1,街道办事处,黄牌,蓝牌,1,1,0",
                "u-b2,单位u-b2,区直部门,,红牌,0,0,1",
                ",蓝牌合计,,0,1,1,,",
                ",黄牌合计,,1,0,,1,",
                ",红牌合计,,0,1,,,1");

        var xlsx = bytes("/api/v1/cards/board.xlsx?quarter=2023-Q3&issuedBy=u-brd");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<List<String>> rows = cells(workbook);
            assertThat(rows.get(0)).containsExactly("亮牌情况 2023-Q3");
            assertThat(rows.subList(1, 5)).containsExactly(List.of("季度", "2023-Q3"), List.of("发牌单位", "u-brd"),
                    List.of("评分办法", "chuanhui-2023.1"), List.of("数据截至", "2023-09-30"));
            assertThat(rows.get(5).get(0)).isEqualTo("生成时间");
            assertThat(rows.get(6).get(0)).isEqualTo("记录完整性");
            assertThat(rows.get(8)).containsExactly("单位编码", "单位", "类别", "平安建设", "经济运行", "蓝牌数", "黄牌数", "红牌数");
            assertThat(rows.get(9)).containsExactly("u-b1", "单位u-b1", "街道办事处", "黄牌", "蓝牌", "1", "1", "0");
            assertThat(rows.get(10)).containsExactly("u-b2", "单位u-b2", "区直部门", "", "红牌", "0", "0", "1");
            assertThat(rows.get(11).subList(0, 6)).containsExactly("", "蓝牌合计", "", "0", "1", "1");
            var sheet = workbook.getSheetAt(0);
            assertThat(fill(sheet.getRow(9).getCell(3))).isEqualTo("FFD966");   // yellow
            assertThat(fill(sheet.getRow(9).getCell(4))).isEqualTo("5B9BD5");   // blue
            assertThat(fill(sheet.getRow(10).getCell(4))).isEqualTo("FF5050");   // red
            var properties = workbook.getProperties().getCustomProperties();
            assertThat(properties.getProperty("policyVersion").getLpwstr()).isEqualTo("chuanhui-2023.1");
            assertThat(properties.getProperty("asOf").getLpwstr()).isEqualTo("2023-09-30");
            assertThat(properties.getProperty("quarter").getLpwstr()).isEqualTo("2023-Q3");
            assertThat(properties.getProperty("generatedAt").getLpwstr()).isNotBlank();
        }
    }

    private static String fill(org.apache.poi.ss.usermodel.Cell cell) {
        var colour = (XSSFColor) cell.getCellStyle().getFillForegroundColorColor();
        assertThat(cell.getCellStyle().getFillPattern()).isEqualTo(FillPatternType.SOLID_FOREGROUND);
        return HexFormat.of().withUpperCase().formatHex(colour.getRGB());
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
