package cn.ledger.command.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.command.CommandServiceIT;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The import endpoints over real PostgreSQL and Kafka: the templates, a workbook of a unit, a cadre registered today
 * and their past records imported as history (and the same file again appending nothing), and bad files answered
 * with problem+json — not a workbook, a zip bomb, too large — with nothing appended.
 */
class ImportIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    String bearer() {
        return token("import-it", List.of(Role.RECORDER, Role.DISCIPLINE_OFFICER), List.of(Caller.ALL_UNITS), null);
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + bearer())
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> upload(byte[] body, String mode) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/imports?mode=" + mode)))
                .header("Authorization", "Bearer " + bearer()).header("Content-Type", XLSX)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode finished(HttpResponse<String> accepted) throws Exception {
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = JSON.readTree(accepted.body()).get("id").asText();
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            job[0] = JSON.readTree(get("/api/v1/imports/" + id).body());
            assertThat(job[0].get("state").asText()).isIn("DONE", "REJECTED", "FAILED");
        });
        return job[0];
    }

    @Test
    void aTemplateHasTheChineseHeadersAndADropDownForEveryChoice() throws Exception {
        HttpResponse<byte[]> response = get("/api/v1/imports/templates/SANCTIONS");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(XLSX);
        try (Workbook book = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
            XSSFSheet sheet = (XSSFSheet) book.getSheet("处分处理");
            DataFormatter text = new DataFormatter();
            Row header = sheet.getRow(0);
            List<String> headers = java.util.stream.IntStream.range(0, header.getLastCellNum())
                    .mapToObj(i -> text.formatCellValue(header.getCell(i))).toList();
            assertThat(headers).containsExactly("编号", "干部编号", "种类", "留党察看月数", "决定机关", "事由", "生效日期");
            assertThat(sheet.getDataValidations()).hasSize(1);
            assertThat(sheet.getDataValidations().get(0).getValidationConstraint().getExplicitListValues())
                    .contains("政务处分·记过", "党纪处分·警告", "组织处理·诫勉");
            assertThat(book.getSheet(Workbooks.NOTES_SHEET)).isNotNull();
        }
        assertThat(get("/api/v1/imports/templates/NOTHING").statusCode()).isEqualTo(404);
    }

    @Test
    void aCadreRegisteredTodayGetsPastRecordsAsHistoryOnceHoweverOftenTheFileIsUploaded() throws Exception {
        String p = "imp-" + UUID.randomUUID().toString().substring(0, 8);
        String today = LocalDate.now().toString();
        byte[] file = workbook(p, today, "政务处分·记过");
        JsonNode job = finished(upload(file, "ALL_OR_NOTHING"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rowsAppended").asInt()).isEqualTo(4);
        List<String> metadata = jdbc.queryForList("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number", String.class, p + "-c");
        assertThat(metadata).hasSize(3);
        assertThat(metadata.get(0)).doesNotContain("\"history\"");   // the registration
        assertThat(metadata.get(1)).contains("\"history\":true");     // the grade of 2023
        assertThat(metadata.get(2)).contains("\"history\":true");     // the sanction of 2023

        long stored = storedEvents();
        JsonNode again = finished(upload(file, "ALL_OR_NOTHING"));
        assertThat(again.get("state").asText()).isEqualTo("DONE");
        assertThat(again.get("rowsAppended").asInt()).isZero();
        assertThat(again.get("rowsAlreadyImported").asInt()).isEqualTo(4);
        assertThat(storedEvents()).isEqualTo(stored);
    }

    @Test
    void aRowWithAProblemKeepsTheWholeFileOutUnlessValidRowsAreAsked() throws Exception {
        String p = "imq-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] file = workbook(p, LocalDate.now().toString(), "记过了");
        long stored = storedEvents();
        JsonNode job = finished(upload(file, "ALL_OR_NOTHING"));
        assertThat(job.get("state").asText()).isEqualTo("REJECTED");
        assertThat(job.at("/problems/0/sheet").asText()).isEqualTo("处分处理");
        assertThat(job.at("/problems/0/row").asInt()).isEqualTo(2);
        assertThat(job.at("/problems/0/field").asText()).isEqualTo("kind");
        assertThat(storedEvents()).isEqualTo(stored);

        JsonNode partly = finished(upload(file, "VALID_ROWS"));
        assertThat(partly.get("state").asText()).isEqualTo("DONE");
        assertThat(partly.get("rowsAppended").asInt()).isEqualTo(3);
        assertThat(storedEvents()).isEqualTo(stored + 3);
    }

    @Test
    void rowsAreAppendedManyToATransactionAndARowTheStreamRefusesLeavesTheOthersAppendedOnce() throws Exception {
        String p = "imr-" + UUID.randomUUID().toString().substring(0, 8);
        String cadre = p + "-c";
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            sheet(book, "单位", new String[] {"单位编号", "单位名称", "类别", "上级单位编号", "设立日期"},
                    new String[] {p + "-u", "安宁区", "区县", "", "2015-01-01"});
            sheet(book, "干部", new String[] {"干部编号", "姓名", "单位编号", "现任职务", "职务层次", "任现职时间", "现任职级",
                    "任现职级时间", "参加工作时间", "基层工作年限", "学历", "登记日期"},
                    new String[] {cadre, "赵明", p + "-u", "科长", "乡科正", "2020-01-01", "一级主任科员", "2020-01-01",
                            "2008-07-01", "3", "大学", "2020-01-01"});
            assertThat(finished(upload(bytes(book), "ALL_OR_NOTHING")).get("state").asText()).isEqualTo("DONE");
        }
        // the ledger holds the cadre's grade for 2022 already: only the cadre's stream can tell
        assertThat(post("/api/v1/cadres/" + cadre + "/annual-grades",
                "{\"year\":2022,\"grade\":\"COMPETENT\",\"effectiveDate\":\"2023-01-15\"}").statusCode()).isEqualTo(201);
        long before = storedEvents();
        byte[] file;
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            rows(book, "年度考核", new String[] {"编号", "干部编号", "年度", "等次", "确定日期"}, new String[][] {
                    {"G21", cadre, "2021", "称职", "2022-01-20"},
                    {"G22", cadre, "2022", "优秀", "2023-01-20"},
                    {"G23", cadre, "2023", "称职", "2024-01-20"}});
            rows(book, "正负向记录", new String[] {"编号", "干部编号", "类型", "考核方面", "分值", "事项", "发生日期"},
                    new String[][] {
                            {"E1", cadre, "正向", "平安建设", "2", "化解矛盾纠纷", "2023-03-01"},
                            {"E2", cadre, "负向", "平安建设", "1", "督查发现问题", "2023-04-01"},
                            {"E3", cadre, "正向", "经济运行", "3", "项目落地", "2023-05-01"},
                            {"E4", cadre, "正向", "基层党建", "1", "支部规范化", "2023-06-01"}});
            file = bytes(book);
        }
        JsonNode job = finished(upload(file, "VALID_ROWS"));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rowsAppended").asInt()).as(job.toString()).isEqualTo(6);
        // the rows appended with the refused one's run before it was refused were not kept: appended once, not twice
        assertThat(job.get("rowsAlreadyImported").asInt()).as(job.toString()).isZero();
        assertThat(job.get("problemCount").asInt()).as(job.toString()).isEqualTo(1);
        assertThat(job.at("/problems/0/sheet").asText()).isEqualTo("年度考核");
        assertThat(job.at("/problems/0/row").asInt()).isEqualTo(3);
        assertThat(job.at("/problems/0/field").asText()).isEqualTo("year");
        assertThat(storedEvents()).isEqualTo(before + 6);
        // the rows after the refused one went on together: one transaction
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT tx_id::text) FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type LIKE '%EntryRecorded'", Integer.class, cadre)).isEqualTo(1);
        List<String> order = jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " ORDER BY sequence_number", String.class, cadre);
        assertThat(order).hasSize(8);   // the registration, the grade entered through the API, then the rows in order
        assertThat(order.subList(2, 4)).allMatch(type -> type.endsWith("AnnualGradeRecorded"));
        assertThat(order.subList(4, 8)).allMatch(type -> type.endsWith("EntryRecorded"));

        JsonNode again = finished(upload(file, "VALID_ROWS"));
        assertThat(again.get("rowsAppended").asInt()).as(again.toString()).isZero();
        assertThat(again.get("rowsAlreadyImported").asInt()).isEqualTo(6);
        assertThat(again.get("problemCount").asInt()).isEqualTo(1);
        assertThat(storedEvents()).isEqualTo(before + 6);
    }

    static byte[] bytes(Workbook book) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }

    static void rows(Workbook book, String name, String[] headers, String[][] values) {
        Sheet sheet = book.createSheet(name);
        Row header = sheet.createRow(0);
        for (int i = 0; i < headers.length; i++) {
            header.createCell(i).setCellValue(headers[i]);
        }
        for (int r = 0; r < values.length; r++) {
            Row row = sheet.createRow(r + 1);
            for (int i = 0; i < headers.length; i++) {
                row.createCell(i).setCellValue(values[r][i]);
            }
        }
    }

    @Test
    void badFilesAreAnsweredWithProblemsAndAppendNothing() throws Exception {
        long stored = storedEvents();
        HttpResponse<String> notAWorkbook = upload("名称,日期\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "ALL_OR_NOTHING");
        assertThat(notAWorkbook.statusCode()).isEqualTo(400);
        assertThat(notAWorkbook.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(notAWorkbook.body()).at("/errors/0/field").asText()).isEqualTo("file");
        assertThat(notAWorkbook.body()).doesNotContain("org.apache").doesNotContain("Exception");

        HttpResponse<String> bomb = upload(zipBomb(), "ALL_OR_NOTHING");
        assertThat(bomb.statusCode()).as(bomb.body()).isEqualTo(400);
        assertThat(JSON.readTree(bomb.body()).at("/errors/0/reason").asText()).as(bomb.body()).contains("zip bomb");

        HttpResponse<String> huge = upload(new byte[21 * 1024 * 1024], "ALL_OR_NOTHING");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(storedEvents()).isEqualTo(stored);
    }

    /** A zip whose one entry inflates a thousandfold: the content types of a "workbook", 64 MB of spaces. */
    static byte[] zipBomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /** A unit, a cadre registered {@code today}, their 2023 grade and a 2023 sanction of {@code sanctionKind}. */
    static byte[] workbook(String p, String today, String sanctionKind) throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            sheet(book, "单位", new String[] {"单位编号", "单位名称", "类别", "上级单位编号", "设立日期"},
                    new String[] {p + "-u", "安宁区", "区县", "", "2015-01-01"});
            sheet(book, "干部", new String[] {"干部编号", "姓名", "单位编号", "现任职务", "职务层次", "任现职时间", "现任职级",
                    "任现职级时间", "参加工作时间", "基层工作年限", "学历", "登记日期"},
                    new String[] {p + "-c", "赵明", p + "-u", "科长", "乡科正", "2020-01-01", "一级主任科员", "2020-01-01",
                            "2008-07-01", "3", "大学", today});
            sheet(book, "年度考核", new String[] {"编号", "干部编号", "年度", "等次", "确定日期"},
                    new String[] {"G1", p + "-c", "2023", "称职", "2024-01-20"});
            sheet(book, "处分处理", new String[] {"编号", "干部编号", "种类", "留党察看月数", "决定机关", "事由", "生效日期"},
                    new String[] {"S1", p + "-c", sanctionKind, "", "区监委", "违反工作纪律", "2023/9/12"});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    static void sheet(Workbook book, String name, String[] headers, String[] values) {
        Sheet sheet = book.createSheet(name);
        Row header = sheet.createRow(0);
        Row row = sheet.createRow(1);
        for (int i = 0; i < headers.length; i++) {
            header.createCell(i).setCellValue(headers[i]);
            if (!values[i].isEmpty()) {
                row.createCell(i).setCellValue(values[i]);
            }
        }
    }
}
