package cn.ledger.query.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.LocalTokens;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The unit's eligibility roster as CSV and as a workbook: every cadre (not paged) with name, outcome, the
 * rules that block and the earliest clear date, as the JSON roster says; the policy version and as-of date
 * in the file itself; bad parameters are problems naming the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RosterExportIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    LocalTokens tokens;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Long> sequences = new HashMap<>();

    @Test
    void theRosterExportsListEveryCadreWithOutcomeBlockersAndClearDate() throws Exception {
        String p = "rx-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String unit = p + "office";
        publish("Unit", unit, new UnitRegistered(unit, "办公室", UnitCategory.DISTRICT_DEPARTMENT, null,
                LocalDate.parse("2015-01-01")));
        List<String> cadres = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String cadre = p + "c" + i;
            cadres.add(cadre);
            publish("Cadre", cadre, new CadreRegistered(cadre, "干部" + i, unit, "科员", "乡科副",
                    LocalDate.parse("2016-01-01"), "四级主任科员", LocalDate.parse("2016-01-01"),
                    LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2016-01-01")));
        }
        publish("Cadre", cadres.get(1), new SanctionImposed(cadres.get(1), UUID.randomUUID().toString(),
                SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委", "违反工作纪律", LocalDate.parse("2024-03-01")));

        String query = "/api/v1/units/" + unit + "/eligibility-roster";
        String params = "?purpose=RANK_PROMOTION&asOf=2024-06-30";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode roster = get(query + params + "&size=1&page=1");
            assertThat(roster.path("totalCadres").asInt()).isEqualTo(3);
            assertThat(roster.at("/cadres/0/blockedBy").toString()).contains("influence-period");
        });
        JsonNode roster = get(query + params + "&size=500");
        String policy = roster.path("policyVersion").asText();
        assertThat(policy).isNotBlank();
        JsonNode blocked = roster.at("/cadres/1");
        assertThat(blocked.path("eligible").asBoolean()).isFalse();
        assertThat(blocked.path("earliestClearDate").asText()).isNotBlank();

        // Paged one cadre at a time by following next (and Link, which says the same): the same cadres in order
        List<String> walked = new java.util.ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 10; pages++) {
            HttpResponse<String> page = http.send(request(query + params + "&limit=1" + cursor),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = cn.ledger.contract.EventCodec.mapper().readTree(page.body());
            body.path("cadres").forEach(c -> walked.add(c.path("cadreId").asText()));
            if (body.path("next").isNull()) {
                assertThat(page.headers().firstValue("Link")).isEmpty();
                break;
            }
            assertThat(page.headers().firstValue("Link")).get().asString().endsWith("; rel=\"next\"")
                    .contains("cursor=" + body.path("next").asText());
            cursor = "&cursor=" + body.path("next").asText();
        }
        assertThat(walked).isEqualTo(roster.path("cadres").valueStream().map(c -> c.path("cadreId").asText()).toList());
        assertThat(get(query + params + "&size=1&page=2").at("/cadres/0/cadreId").asText()).isEqualTo(walked.get(2));
        // and a stream's timeline the same way
        List<Long> sequences = new java.util.ArrayList<>();
        cursor = "";
        for (int pages = 0; pages < 10; pages++) {
            JsonNode body = get("/api/v1/streams/" + cadres.get(1) + "/records?limit=1" + cursor);
            body.path("records").forEach(r -> sequences.add(r.path("sequence").asLong()));
            if (body.path("next").isNull()) {
                break;
            }
            cursor = "&cursor=" + body.path("next").asText();
        }
        assertThat(sequences).isEqualTo(get("/api/v1/streams/" + cadres.get(1) + "/records?limit=1000").path("records")
                .valueStream().map(r -> r.path("sequence").asLong()).toList()).hasSizeGreaterThanOrEqualTo(2);

        // CSV: the facts on the first line, then the header, then one line per cadre as the JSON roster says
        HttpResponse<String> csvResponse = http.send(request(query + ".csv" + params), HttpResponse.BodyHandlers.ofString());
        assertThat(csvResponse.statusCode()).as(csvResponse.body()).isEqualTo(200);
        assertThat(csvResponse.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(csvResponse.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"eligibility-roster-" + unit + "-2024-06-30.csv\"; filename*=UTF-8''"
                        + URLEncoder.encode("资格名册", StandardCharsets.UTF_8) + "-" + unit + "-2024-06-30.csv");
        List<String> lines = csvResponse.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFF干部资格名册," + unit + ",事项,职级晋升 (RANK_PROMOTION),拟任层次,,政策版本,"
                + policy + ",截至日期,2024-06-30,依据记录截至,全部记录,生成时间,");
        assertThat(lines.get(0)).endsWith(",记录完整性,完整");
        assertThat(lines.get(1)).isEqualTo("干部编码,姓名,是否符合,不符合的规则,原因,最早可符合日期,记录是否完整");
        assertThat(lines).hasSize(2 + 3);
        for (int i = 0; i < 3; i++) {
            JsonNode line = roster.at("/cadres/" + i);
            String[] cells = lines.get(2 + i).split(",", -1);
            assertThat(cells[0]).isEqualTo(cadres.get(i));
            assertThat(cells[1]).isEqualTo("干部" + i);
            assertThat(cells[2]).isEqualTo(line.path("eligible").asBoolean() ? "符合" : "不符合");
            assertThat(cells[3]).isEqualTo(joined(line.path("blockedBy")));
            assertThat(cells[cells.length - 2]).isEqualTo(line.path("earliestClearDate").isNull() ? ""
                    : line.path("earliestClearDate").asText());
            assertThat(cells[cells.length - 1]).isEqualTo("完整");
        }
        assertThat(lines.get(3)).contains("influence-period").contains(",不符合,");

        // XLSX: the facts above the table and in the document properties, the same rows
        HttpResponse<byte[]> xlsx = http.send(request(query + ".xlsx" + params), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"eligibility-roster-" + unit + "-2024-06-30.xlsx\"; filename*=UTF-8''");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<List<String>> rows = cells(workbook);
            assertThat(rows.get(0)).containsExactly("干部资格名册 " + unit);
            assertThat(rows.subList(1, 7)).containsExactly(List.of("单位", unit), List.of("事项", "职级晋升 (RANK_PROMOTION)"),
                    List.of("拟任层次", ""), List.of("政策版本", policy), List.of("截至日期", "2024-06-30"),
                    List.of("依据记录截至", "全部记录"));
            assertThat(rows.get(7).get(0)).isEqualTo("生成时间");
            assertThat(rows.get(8)).containsExactly("记录完整性", "完整");
            assertThat(rows.get(10)).containsExactly("干部编码", "姓名", "是否符合", "不符合的规则", "原因", "最早可符合日期",
                    "记录是否完整");
            assertThat(rows).hasSize(11 + 3);
            for (int i = 0; i < 3; i++) {
                JsonNode line = roster.at("/cadres/" + i);
                List<String> row = rows.get(11 + i);
                assertThat(row.get(0)).isEqualTo(cadres.get(i));
                assertThat(row.get(1)).isEqualTo("干部" + i);
                assertThat(row.get(2)).isEqualTo(line.path("eligible").asBoolean() ? "符合" : "不符合");
                assertThat(row.get(3)).isEqualTo(joined(line.path("blockedBy")));
                assertThat(row.get(5)).isEqualTo(line.path("earliestClearDate").isNull() ? ""
                        : line.path("earliestClearDate").asText());
                assertThat(row.get(6)).isEqualTo("完整");
            }
            assertThat(rows.get(12).get(3)).contains("influence-period");
            assertThat(rows.get(12).get(4)).isNotBlank();
            var properties = workbook.getProperties().getCustomProperties();
            assertThat(properties.getProperty("policyVersion").getLpwstr()).isEqualTo(policy);
            assertThat(properties.getProperty("asOf").getLpwstr()).isEqualTo("2024-06-30");
            assertThat(properties.getProperty("unitId").getLpwstr()).isEqualTo(unit);
            assertThat(properties.getProperty("purpose").getLpwstr()).contains("RANK_PROMOTION");
            assertThat(properties.getProperty("generatedAt").getLpwstr()).isNotBlank();
            assertThat(workbook.getProperties().getCoreProperties().getTitle()).isEqualTo("干部资格名册");
        }

        // as of a date before the sanction, nobody is blocked by it
        String before = http.send(request(query + ".csv?purpose=RANK_PROMOTION&asOf=2024-01-31"),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(before).contains(",截至日期,2024-01-31,").doesNotContain("influence-period");

        // bad parameters: 400 problems naming the field, like the JSON roster
        for (String[] bad : List.of(new String[] {query + ".xlsx?purpose=PROMOTION", "purpose"},
                new String[] {query + ".csv", "purpose"},
                new String[] {query + ".xlsx?purpose=LEADERSHIP_POST", "target"},
                new String[] {query + ".csv?purpose=RANK_PROMOTION&asOf=30.06.2024", "asOf"},
                new String[] {query + ".xlsx?purpose=AWARD&from=2024-06-01&to=2024-01-01", "to"})) {
            HttpResponse<String> response = http.send(request(bad[0]), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(bad[0] + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/problem+json");
            assertThat(response.body()).as(bad[0]).contains("\"field\":\"" + bad[1] + "\"");
        }
        HttpResponse<String> unknown = http.send(request("/api/v1/units/" + p + "nowhere/eligibility-roster.csv"
                + params), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    /**
     * The eligibility answer's rule outcomes carry a code and typed parameters whatever the language; the reason
     * is Chinese without Accept-Language (or for a language other than English) and English when asked for,
     * with Content-Language saying which. So are the roster files, by lang or by Accept-Language.
     */
    @Test
    void theEligibilityAnswerAndTheRosterFilesSpeakTheCallersLanguage() throws Exception {
        String p = "rl-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String unit = p + "office";
        String cadre = p + "c0";
        String sanction = UUID.randomUUID().toString();
        publish("Unit", unit, new UnitRegistered(unit, "办公室", UnitCategory.DISTRICT_DEPARTMENT, null,
                LocalDate.parse("2015-01-01")));
        publish("Cadre", cadre, new CadreRegistered(cadre, "干部甲", unit, "科长", "乡科正",
                LocalDate.parse("2016-01-01"), "四级主任科员", LocalDate.parse("2016-01-01"),
                LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2016-01-01")));
        publish("Cadre", cadre, new SanctionImposed(cadre, sanction, SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委",
                "违反工作纪律", LocalDate.parse("2024-03-01")));
        String path = "/api/v1/cadres/" + cadre + "/eligibility?purpose=LEADERSHIP_POST&target="
                + URLEncoder.encode("县处副", StandardCharsets.UTF_8) + "&asOf=2024-06-30";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(path).at("/rules/0/code").asText())
                .isEqualTo("influence-period.blocked-by-sanction"));

        HttpResponse<String> plain = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> english = http.send(HttpRequest.newBuilder(request(path), (n, v) -> true)
                .header("Accept-Language", "en-GB,en;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> french = http.send(HttpRequest.newBuilder(request(path), (n, v) -> true)
                .header("Accept-Language", "fr-FR").build(), HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> response : List.of(plain, english, french)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().allValues("Vary").toString()).contains("Accept-Language");
        }
        assertThat(plain.headers().firstValue("Content-Language")).contains("zh");
        assertThat(french.headers().firstValue("Content-Language")).contains("zh");
        assertThat(english.headers().firstValue("Content-Language")).contains("en");
        JsonNode zh = JSON.readTree(plain.body());
        JsonNode en = JSON.readTree(english.body());
        assertThat(JSON.readTree(french.body()).get("rules")).isEqualTo(zh.get("rules"));

        // the same codes and parameters in both; typed: dates as yyyy-MM-dd, months as numbers, terms as codes
        assertThat(zh.get("rules").size()).isEqualTo(en.get("rules").size()).isGreaterThanOrEqualTo(7);
        for (int i = 0; i < zh.get("rules").size(); i++) {
            JsonNode z = zh.get("rules").get(i);
            JsonNode e = en.get("rules").get(i);
            assertThat(e.get("code")).isEqualTo(z.get("code"));
            assertThat(e.get("params")).isEqualTo(z.get("params"));
            assertThat(z.get("code").asText()).startsWith(z.get("rule").asText() + ".");
            String zhReason = withoutParams(z);
            String enReason = withoutParams(e);
            assertThat(zhReason).as(z.toString()).doesNotContainPattern("[A-Za-z]{2,}");
            assertThat(enReason).as(e.toString()).doesNotContainPattern("\\p{IsHan}");
        }
        JsonNode influence = zh.at("/rules/0");
        assertThat(influence.at("/params/until").asText()).isEqualTo("2025-03-01");
        assertThat(influence.at("/params/sanctions/0/code").asText()).isEqualTo("part.sanction-period");
        assertThat(influence.at("/params/sanctions/0/kind").asText()).isEqualTo("GOVERNMENT_DEMERIT");
        assertThat(influence.at("/params/sanctions/0/months").isInt()).isTrue();
        assertThat(influence.at("/params/sanctions/0/months").asInt()).isEqualTo(12);
        assertThat(influence.at("/params/sanctions/0/effectiveDate").asText()).isEqualTo("2024-03-01");
        assertThat(influence.at("/params/sanctions/0/recordId").asText()).isEqualTo(sanction);
        assertThat(influence.at("/params/notCounted").isArray()).isTrue();
        assertThat(influence.get("reason").asText()).isEqualTo("处于影响期，至2025年3月1日止：2024年3月1日政务处分·记过（12个月）");
        assertThat(en.at("/rules/0/reason").asText())
                .isEqualTo("An influence period runs until 1 March 2025: government demerit of 1 March 2024 (12 months)");
        JsonNode years = zh.get("rules").get(3);
        assertThat(years.get("code").asText()).isEqualTo("years-in-post.as-lower-principal");
        assertThat(years.at("/params/years").asInt()).isEqualTo(3);
        assertThat(years.at("/params/level").asText()).isEqualTo("乡科正");
        assertThat(years.get("reason").asText()).isEqualTo("自2016年1月1日任科长（乡科正）；由乡科正到县处副须任下一层次正职满3年，于2019年1月1日满足");
        assertThat(en.get("rules").get(3).get("reason").asText()).isEqualTo("科长 (乡科正) since 1 January 2016; 乡科正 to "
                + "县处副 needs 3 years as principal at the level below, met on 1 January 2019");

        // the roster file: by lang, or by Accept-Language; a lang that is neither is a bad parameter
        String roster = "/api/v1/units/" + unit + "/eligibility-roster.csv?purpose=RANK_PROMOTION&asOf=2024-06-30";
        HttpResponse<String> csvEn = http.send(request(roster + "&lang=en"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> csvAccept = http.send(HttpRequest.newBuilder(request(roster), (n, v) -> true)
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> csvZh = http.send(HttpRequest.newBuilder(request(roster + "&lang=zh"), (n, v) -> true)
                .header("Accept-Language", "en").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csvEn.headers().firstValue("Content-Language")).contains("en");
        assertThat(csvZh.headers().firstValue("Content-Language")).contains("zh");
        List<String> lines = csvEn.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFCadre eligibility roster," + unit + ",Purpose,rank promotion "
                + "(RANK_PROMOTION),Target level,,Policy version,").endsWith(",Completeness,complete");
        assertThat(lines.get(1)).isEqualTo("Cadre id,Name,Eligible,Blocked by,Reasons,Earliest clear date,Records complete");
        assertThat(lines.get(2)).startsWith(cadre + ",干部甲,not eligible,influence-period")
                .contains("An influence period runs until 1 March 2025: government demerit of 1 March 2024 (12 months)");
        assertThat(csvEn.headers().firstValue("Content-Disposition").orElseThrow()).endsWith("filename*=UTF-8''"
                + "eligibility-roster-" + unit + "-2024-06-30.csv");
        assertThat(stripGenerated(csvAccept.body())).isEqualTo(stripGenerated(csvEn.body()));
        assertThat(csvZh.body()).contains("干部资格名册").contains("处于影响期，至2025年3月1日止").doesNotContain("influence period");
        HttpResponse<String> bad = http.send(request(roster + "&lang=fr"), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"lang\"");
    }

    /** The reason with every text parameter (ids, levels, names, term codes) taken out. */
    private static String withoutParams(JsonNode rule) {
        List<String> values = new ArrayList<>();
        collect(rule.get("params"), values);
        values.sort((a, b) -> b.length() - a.length());
        String reason = rule.get("reason").asText();
        for (String value : values) {
            reason = reason.replace(value, " ");
        }
        return reason;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isTextual() && !node.asText().isBlank()) {
            into.add(node.asText());
        }
        node.forEach(child -> collect(child, into));
    }

    private static String stripGenerated(String csv) {
        return csv.replaceAll(",Generated at,[^,]*,", ",Generated at,,");
    }

    private static String joined(JsonNode rules) {
        List<String> names = new ArrayList<>();
        rules.forEach(r -> names.add(r.asText()));
        return String.join("；", names);
    }

    private static List<List<String>> cells(XSSFWorkbook workbook) {
        List<List<String>> rows = new ArrayList<>();
        var sheet = workbook.getSheetAt(0);
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            List<String> row = new ArrayList<>();
            Row cells = sheet.getRow(r);
            for (int c = 0; cells != null && c < cells.getLastCellNum(); c++) {
                Cell cell = cells.getCell(c);
                row.add(cell == null ? "" : switch (cell.getCellType()) {
                    case NUMERIC -> Double.toString(cell.getNumericCellValue());
                    case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
                    default -> cell.getStringCellValue();
                });
            }
            rows.add(row);
        }
        return rows;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Authorization", "Bearer " + tokens.mint("it-reviewer", List.of(Role.REVIEWER),
                        List.of(cn.ledger.security.Caller.ALL_UNITS), null))
                .build();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void publish(String aggregate, String subject, LedgerEvent event) throws Exception {
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregate, subject,
                sequences.merge(subject, 1L, Long::sum) - 1, Instant.now(), "it-recorder", "it", event);
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }
}
