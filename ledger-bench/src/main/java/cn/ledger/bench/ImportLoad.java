package cn.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The import of an existing 台账 workbook, measured: a workbook of {@code rows} positive and negative entries for the
 * district's cadres (the 正负向记录 sheet, its headers as ledger-command lists them) is uploaded, and the import job
 * polled until it has finished. Answers how long the upload, the check and the appends took.
 */
final class ImportLoad {

    /** The outcome: rows appended, and the time from the upload to the job's end. */
    record Result(int rows, int appended, int problems, String state, double seconds) {
        double rowsPerSecond() {
            return appended / seconds;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ASPECTS = {"经济运行", "项目双进", "平安建设", "基层党建"};

    private ImportLoad() {}

    static Result run(String commandApi, String token, List<String> cadres, int rows, LocalDate date) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> headers = new LinkedHashMap<>();
        String sheet = null;
        JsonNode kinds = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(commandApi + "/imports/kinds"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode kind : kinds) {
            if (kind.get("kind").asText().equals("ENTRIES")) {
                sheet = kind.get("sheet").asText();
                kind.get("columns").forEach(c -> headers.put(c.get("field").asText(), c.get("header").asText()));
            }
        }
        byte[] workbook = workbook(sheet, headers, cadres, rows, date);
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(commandApi + "/imports?mode=ALL_OR_NOTHING"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .POST(HttpRequest.BodyPublishers.ofByteArray(workbook)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("the upload was answered " + accepted.statusCode() + ": " + accepted.body());
        }
        String job = commandApi + "/imports/" + JSON.readTree(accepted.body()).get("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            JsonNode state = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(job))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            String name = state.get("state").asText();
            if (List.of("DONE", "REJECTED", "FAILED").contains(name)) {
                return new Result(rows, state.get("rowsAppended").asInt(), state.get("problemCount").asInt(), name,
                        (System.nanoTime() - start) / 1e9);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the import did not finish within 30 minutes: " + state);
            }
            Thread.sleep(200);
        }
    }

    private static byte[] workbook(String name, Map<String, String> headers, List<String> cadres, int rows,
            LocalDate date) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(500);
        try {
            Sheet sheet = workbook.createSheet(name);
            Row header = sheet.createRow(0);
            int c = 0;
            for (String title : headers.values()) {
                header.createCell(c++).setCellValue(title);
            }
            for (int r = 1; r <= rows; r++) {
                Map<String, String> cells = Map.of("number", "bench-" + r, "cadreId", cadres.get(r % cadres.size()),
                        "polarity", r % 4 == 0 ? "负向" : "正向", "aspect", ASPECTS[r % ASPECTS.length], "points", "1",
                        "summary", "导入基准记录" + r, "effectiveDate", date.toString());
                Row row = sheet.createRow(r);
                c = 0;
                for (String field : headers.keySet()) {
                    row.createCell(c++).setCellValue(cells.getOrDefault(field, ""));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } finally {
            workbook.dispose();
        }
    }
}
