package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.local.DistrictWorkbook.Fact;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Importing a district's existing 台账 through the real services: a generated district (100 units, 2,000 cadres,
 * five years of history each; {@code -Dledger.import.it.cadres} for another size) is imported and then answers
 * eligibility exactly as the same records entered one by one through the API; the same file imported again appends
 * nothing; a file with one bad row appends nothing and reports that row, in the answer and in the report workbook,
 * which fixed and uploaded again imports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedSystem.class)
class DistrictImportIT {

    static final int UNITS = 100;
    static final int CADRES = Integer.getInteger("ledger.import.it.cadres", 2000);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static LocalSystem system;
    static LedgerClient client;
    static String token;
    static String command;
    static String query;
    static LocalDate today;
    static DistrictWorkbook district;
    static byte[] workbook;
    static Map<String, Map<String, String>> headers = new LinkedHashMap<>();
    static Map<String, String> sheets = new LinkedHashMap<>();

    @BeforeAll
    static void startSystem() throws Exception {
        system = SharedSystem.system();
        token = system.tokens().mint("import-recorder", List.of(Role.RECORDER, Role.DISCIPLINE_OFFICER, Role.REVIEWER,
                Role.AUDITOR), List.of("*"), null);
        client = new LedgerClient(token);
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
        today = LocalDate.now(ZoneOffset.UTC);
        for (JsonNode kind : client.get(command + "/imports/kinds").expect(200).json()) {
            Map<String, String> columns = new LinkedHashMap<>();
            kind.get("columns").forEach(c -> columns.put(c.get("field").asText(), c.get("header").asText()));
            headers.put(kind.get("kind").asText(), columns);
            sheets.put(kind.get("kind").asText(), kind.get("sheet").asText());
        }
    }

    @Test
    @Order(1)
    void aDistrictImportedAnswersEligibilityAsTheSameRecordsEnteredOneByOne() throws Exception {
        district = DistrictWorkbook.generate("dist-" + UUID.randomUUID().toString().substring(0, 6) + "-", 20261204L,
                UNITS, CADRES, today);
        long generating = System.nanoTime();
        workbook = district.xlsx(headers, sheets);
        System.out.printf("district workbook: %d rows, %d bytes, written in %d ms%n", district.facts.size(),
                workbook.length, (System.nanoTime() - generating) / 1_000_000);

        long started = System.nanoTime();
        JsonNode job = finished(upload(workbook, "ALL_OR_NOTHING"));
        long imported = System.nanoTime();
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("problemCount").asInt()).as(job.get("problems").toString()).isZero();
        assertThat(job.get("rowsTotal").asInt()).isEqualTo(district.facts.size());
        assertThat(job.get("rowsAppended").asInt()).isEqualTo(district.facts.size());

        // the sample: every cadre with a sanction among the first 300, and a few without
        List<String> sample = new ArrayList<>();
        for (int c = 0; c < Math.min(CADRES, 300) && sample.size() < 12; c++) {
            String id = district.prefix + "c" + c;
            if (district.of(id).stream().anyMatch(f -> f.kind().equals("SANCTIONS")) || c % 50 == 0) {
                sample.add(id);
            }
        }
        String last = district.prefix + "c" + (CADRES - 1);
        waitForRecords(last, district.of(last).size());
        System.out.printf("imported %d rows in %d ms; ledger-query had the last cadre's records %d ms after the upload%n",
                district.facts.size(), (imported - started) / 1_000_000, (System.nanoTime() - started) / 1_000_000);

        // the same records entered one by one through the API, for twins of the sample in a unit of their own
        String twinUnit = district.prefix + "twins";
        client.post(command + "/units", "{\"unitId\":" + q(twinUnit) + ",\"name\":\"对照单位\",\"category\":"
                + "\"STREET_OFFICE\",\"parentUnitId\":" + q(district.prefix + "d") + ",\"effectiveDate\":\"2015-01-01\"}")
                .expect(201);
        for (String cadre : sample) {
            for (Fact fact : district.of(cadre)) {
                enterOneByOne(fact, "t" + cadre, twinUnit);
            }
        }
        boolean someBlocked = false;
        for (String cadre : sample) {
            waitForRecords(cadre, district.of(cadre).size());
            waitForRecords("t" + cadre, district.of(cadre).size());
            for (String question : List.of("purpose=RANK_PROMOTION", "purpose=LEADERSHIP_POST&target="
                    + URLEncoder.encode("乡科正", StandardCharsets.UTF_8))) {
                // the cadres were registered today: ledger-query answers for today and later (their history counts
                // in every one: influence periods still running, grades, years in post and rank from the true dates)
                for (LocalDate asOf : List.of(today, today.plusMonths(6), today.plusYears(1), today.plusYears(2))) {
                    JsonNode importedAnswer = eligibility(cadre, question, asOf);
                    JsonNode enteredAnswer = eligibility("t" + cadre, question, asOf);
                    assertThat(importedAnswer).as(cadre + " " + question + " " + asOf).isEqualTo(enteredAnswer);
                    someBlocked |= !importedAnswer.get("eligible").asBoolean();
                }
            }
        }
        assertThat(someBlocked).as("the sample holds answers that refuse, not only ones that pass").isTrue();
    }

    @Test
    @Order(2)
    void theSameFileImportedTwiceAppendsNothingTheSecondTime() throws Exception {
        String cadre = district.prefix + "c0";
        int before = streamLength(cadre);
        JsonNode job = finished(upload(workbook, "ALL_OR_NOTHING"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rowsAppended").asInt()).isZero();
        assertThat(job.get("rowsAlreadyImported").asInt()).isEqualTo(district.facts.size());
        assertThat(streamLength(cadre)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aFileWithOneBadRowAppendsNothingAndReportsThatRowUntilItIsFixed() throws Exception {
        DistrictWorkbook small = DistrictWorkbook.generate("bad-" + UUID.randomUUID().toString().substring(0, 6) + "-",
                7L, 4, 12, today);
        // the fourth grade row: 良好 is no grade
        int index = 0;
        int gradeRow = 0;
        for (int i = 0; i < small.facts.size(); i++) {
            Fact fact = small.facts.get(i);
            if (fact.kind().equals("GRADES") && ++index == 4) {
                fact.fields().put("grade", "良好");
                gradeRow = index + 1;   // after the header row
            }
        }
        JsonNode job = finished(upload(small.xlsx(headers, sheets), "ALL_OR_NOTHING"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("REJECTED");
        assertThat(job.get("problemCount").asInt()).as(job.toString()).isEqualTo(1);
        JsonNode problem = job.at("/problems/0");
        assertThat(problem.get("sheet").asText()).isEqualTo("年度考核");
        assertThat(problem.get("row").asInt()).isEqualTo(gradeRow);
        assertThat(problem.get("field").asText()).isEqualTo("grade");
        assertThat(problem.get("column").asText()).isEqualTo("等次");
        assertThat(job.get("rowsAppended").asInt()).isZero();
        client.get(command + "/audit/streams/" + small.prefix + "d/events").expect(404);
        client.get(command + "/audit/streams/" + small.prefix + "c0/events").expect(404);

        // the report: every row, the bad one with its problem; fixed and uploaded again, it imports
        byte[] report = get(command + "/imports/" + job.get("id").asText() + "/report");
        byte[] fixed;
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(report))) {
            Sheet grades = book.getSheet("年度考核");
            int problemColumn = headers.get("GRADES").size();
            DataFormatter text = new DataFormatter();
            Row bad = grades.getRow(gradeRow - 1);
            assertThat(text.formatCellValue(bad.getCell(problemColumn))).contains("等次").contains("第" + gradeRow + "行");
            assertThat(text.formatCellValue(grades.getRow(1).getCell(problemColumn))).isEmpty();
            int gradeColumn = new ArrayList<>(headers.get("GRADES").keySet()).indexOf("grade");
            bad.getCell(gradeColumn).setCellValue("称职");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            fixed = out.toByteArray();
        }
        JsonNode again = finished(upload(fixed, "ALL_OR_NOTHING"));
        assertThat(again.get("state").asText()).as(again.toString()).isEqualTo("DONE");
        assertThat(again.get("rowsAppended").asInt()).isEqualTo(small.facts.size());
    }

    @Test
    @Order(4)
    void eachRowIsJudgedWithTheUploadersRoleAndScope() throws Exception {
        DistrictWorkbook small = DistrictWorkbook.generate("scope-" + UUID.randomUUID().toString().substring(0, 6) + "-",
                11L, 3, 6, today);
        finished(upload(small.xlsx(headers, sheets), "ALL_OR_NOTHING"));
        // a recorder of one office, without the discipline officer's role, uploads records of cadres of both offices
        String office = small.prefix + "u1";
        String recorder = system.tokens().mint("office-recorder", List.of(Role.RECORDER), List.of(office), null);
        DistrictWorkbook more = DistrictWorkbook.generate(small.prefix, 12L, 3, 6, today);
        // (no grades: the first upload holds a grade for each of those years already)
        List<Fact> records = more.facts.stream().filter(f -> !List.of("UNITS", "CADRES", "GRADES").contains(f.kind()))
                .toList();
        more.facts.clear();
        more.facts.addAll(records);
        JsonNode job = finished(upload(more.xlsx(headers, sheets), "VALID_ROWS", recorder));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        int outside = 0;
        int sanctions = 0;
        for (JsonNode p : job.get("problems")) {
            if (p.get("sheet").asText().equals("处分处理")) {
                sanctions++;
                assertThat(p.get("problem").asText()).contains("DISCIPLINE_OFFICER");
            } else {
                outside++;
                assertThat(p.get("problem").asText()).as(p.toString()).contains("outside the uploader's scope");
            }
        }
        long inOffice = records.stream().filter(f -> !f.kind().equals("SANCTIONS"))
                .filter(f -> small.facts.stream().anyMatch(c -> c.kind().equals("CADRES") && c.subject().equals(f.subject())
                        && c.fields().get("unitId").equals(office))).count();
        assertThat(sanctions).isEqualTo((int) records.stream().filter(f -> f.kind().equals("SANCTIONS")).count());
        assertThat(outside).isEqualTo(records.size() - sanctions - (int) inOffice);
        assertThat(job.get("rowsAppended").asInt()).isEqualTo((int) inOffice);
    }

    // --- helpers

    static JsonNode upload(byte[] file, String mode) throws Exception {
        return upload(file, mode, token);
    }

    static JsonNode upload(byte[] file, String mode, String bearer) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(command + "/imports?mode=" + mode))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(response.body());
        ((ObjectNode) job).put("bearer", bearer);
        return job;
    }

    /** Polls the import until it has finished. */
    static JsonNode finished(JsonNode started) throws Exception {
        String bearer = started.get("bearer").asText();
        String url = command + "/imports/" + started.get("id").asText();
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
            job[0] = JSON.readTree(response.body());
            assertThat(job[0].get("state").asText()).isIn("DONE", "REJECTED", "FAILED");
        });
        assertThat(job[0].get("rowsDone").asInt()).isLessThanOrEqualTo(job[0].get("rowsTotal").asInt());
        return job[0];
    }

    static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The fact as its API request, for {@code cadre} in {@code unit}; before the registration, as history. */
    void enterOneByOne(Fact fact, String cadre, String unit) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        fact.fields().forEach((field, value) -> {
            if (value instanceof Integer n) {
                body.put(field, n);
            } else {
                body.put(field, value.toString());
            }
        });
        body.remove("cadreId");
        String path = switch (fact.kind()) {
            case "CADRES" -> "";
            case "POSTS" -> "/appointments";
            case "RANKS" -> "/rank-changes";
            case "GRADES" -> "/annual-grades";
            case "SANCTIONS" -> "/sanctions";
            case "POSTINGS" -> "/postings";
            case "INTERVIEWS" -> "/interviews";
            case "ENTRIES" -> "/entries";
            default -> throw new IllegalArgumentException(fact.kind());
        };
        if (fact.kind().equals("CADRES")) {
            body.put("cadreId", cadre).put("unitId", unit);
            client.post(command + "/cadres", JSON.writeValueAsString(body)).expect(201);
            return;
        }
        LocalDate date = LocalDate.parse(body.get(fact.kind().equals("POSTINGS") ? "startDate" : "effectiveDate").asText());
        if (date.isBefore(district.registeredOn)) {
            body.put("history", true);
        }
        client.post(command + "/cadres/" + cadre + path, JSON.writeValueAsString(body)).expect(201);
    }

    static JsonNode eligibility(String cadre, String question, LocalDate asOf) throws Exception {
        JsonNode answer = client.get(query + "/cadres/" + cadre + "/eligibility?" + question + "&asOf=" + asOf).expect(200)
                .json();
        // the parts that name the cadre or the events differ between the twins; everything else must not
        ObjectNode kept = JSON.createObjectNode();
        kept.set("eligible", answer.get("eligible"));
        kept.set("earliestClearDate", answer.get("earliestClearDate"));
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode rule : answer.get("rules")) {
            ObjectNode r = rule.deepCopy();
            r.remove("eventIds");
            withoutRecordIds(r);
            rules.add(JSON.readTree(JSON.writeValueAsString(r).replace("t" + cadre, cadre)));
        }
        kept.set("rules", JSON.valueToTree(rules));
        return kept;
    }

    /** The ids of the records differ between the twins (the API makes them, the import derives them from the row). */
    static void withoutRecordIds(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("recordId");
        }
        node.forEach(DistrictImportIT::withoutRecordIds);
    }

    static void waitForRecords(String cadre, int records) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                assertThat(client.get(query + "/streams/" + cadre + "/records?limit=1000").expect(200).json()
                        .get("records").size()).isGreaterThanOrEqualTo(records));
    }

    static int streamLength(String stream) {
        return client.get(command + "/audit/streams/" + stream + "/events?limit=1000").expect(200).json()
                .get("events").size();
    }
}
