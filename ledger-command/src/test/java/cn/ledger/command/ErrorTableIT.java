package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.testing.DatabaseOutage;
import cn.ledger.security.testing.ErrorTable;
import cn.ledger.security.testing.ErrorTable.Answer;
import cn.ledger.security.testing.ErrorTable.Case;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every row of docs/errors.md that names ledger-command, driven against the running service (real
 * PostgreSQL and Kafka) and checked for its status and problem type; a row without a case here or a case
 * without a row fails. Keys are required in this context ({@code ledger.idempotency.required}), so that
 * the 400 for a missing one is a case too. The database outage comes last and is undone in the case.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.idempotency.required=true", "ledger.import.max-jobs=1"})
class ErrorTableIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "Idempotency-Key";

    final String p = UUID.randomUUID().toString().substring(0, 8);
    final String unit = "et-" + p;
    final String otherUnit = "et-closed-" + p;
    final String cadre = "et-c-" + p;
    final String entries = "/api/v1/cadres/" + cadre + "/entries";

    String writer() {
        return token("error-table", WRITER, List.of(Caller.ALL_UNITS), null);
    }

    /** A command with a fresh Idempotency-Key, as the writer, unless the headers say otherwise. */
    HttpResponse<String> command(String path, String json, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = KEY;
        all[1] = UUID.randomUUID().toString();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(path, json, all);
    }

    HttpResponse<String> send(String method, String path, String token, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header(KEY, UUID.randomUUID().toString());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String entry(String points, String date) {
        return "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\",\"points\":" + points
                + ",\"summary\":\"督查发现问题\",\"effectiveDate\":\"" + date + "\"}";
    }

    static Answer answer(HttpResponse<String> response) {
        return Answer.of(response);
    }

    String created(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asText();
    }

    @Test
    void everyRowOfTheTableIsAnsweredAsItSays() throws Exception {
        created(command("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"培黎街道\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}"));
        created(command("/api/v1/units", "{\"unitId\":\"" + otherUnit + "\",\"name\":\"撤并街道\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2023-01-01\"}"));
        created(command("/api/v1/units/" + otherUnit + "/closure", "{\"reason\":\"撤并\",\"effectiveDate\":\"2023-06-01\"}"));
        created(command("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王建国\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"effectiveDate\":\"2023-01-01\"}"));
        String assignment = "{\"kind\":\"WEEKLY\",\"title\":\"周调度\",\"dueDate\":\"2023-09-30\",\"effectiveDate\":\"2023-09-01\"}";
        String grade = "{\"year\":2022,\"grade\":\"COMPETENT\",\"effectiveDate\":\"2023-01-15\"}";

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("malformed-json", () -> answer(command(entries, "{\"polarity\":")));
        cases.put("wrong-type", () -> answer(command(entries, entry("\"many\"", "2023-09-01"))));
        cases.put("unknown-field", () -> answer(command(entries, entry("1", "2023-09-01").replace("{", "{\"colour\":\"red\","))));
        cases.put("impossible-date", () -> answer(command(entries, entry("1", "2023-02-30"))));
        cases.put("unknown-enum-value", () -> answer(command(entries, entry("1", "2023-09-01").replace("NEGATIVE", "SIDEWAYS"))));
        cases.put("missing-field", () -> answer(command(entries, "{\"aspect\":\"平安建设\",\"effectiveDate\":\"2023-09-01\"}")));
        cases.put("below-schema-minimum", () -> answer(command(entries, entry("-1", "2023-09-01"))));
        cases.put("year-outside-schema", () -> answer(command("/api/v1/cadres/" + cadre + "/annual-grades",
                grade.replace("2022", "1800"))));
        cases.put("text-rule", () -> answer(command(entries, entry("1", "2023-09-01").replace("督查发现问题", "督查\\u0007问题"))));
        cases.put("idempotency-key-malformed", () -> answer(post(entries, entry("1", "2023-09-01"), KEY, "k".repeat(201))));
        cases.put("idempotency-key-missing", () -> answer(post(entries, entry("1", "2023-09-01"))));
        cases.put("bad-parameter", () -> answer(send("GET", "/api/v1/audit/events?limit=5000",
                token("error-table-auditor", List.of(Role.AUDITOR), List.of(Caller.ALL_UNITS), null), null, null)));
        cases.put("unauthenticated", () -> answer(send("POST", entries, null, "application/json", entry("1", "2023-09-01"))));
        cases.put("role-may-not", () -> answer(send("POST", entries,
                token("error-table-reviewer", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null),
                "application/json", entry("1", "2023-09-01"))));
        cases.put("out-of-scope", () -> answer(send("POST", entries,
                token("error-table-elsewhere", WRITER, List.of(otherUnit), null), "application/json", entry("1", "2023-09-01"))));
        cases.put("unknown-cadre", () -> answer(command("/api/v1/cadres/nobody-" + p + "/entries", entry("1", "2023-09-01"))));
        cases.put("unknown-assignment", () -> answer(command("/api/v1/units/" + unit + "/assignments/nope/completion",
                "{\"effectiveDate\":\"2023-09-01\"}")));
        cases.put("no-such-path", () -> answer(send("GET", "/api/v1/no-such-thing",
                token("error-table-admin", List.of(Role.ADMIN), List.of(Caller.ALL_UNITS), null), null, null)));
        cases.put("unsupported-media-type", () -> answer(send("POST", entries, writer(), "text/plain", entry("1", "2023-09-01"))));
        cases.put("payload-too-large", () -> answer(command(entries,
                entry("1", "2023-09-01").replace("督查发现问题", "长".repeat(30_000)))));
        cases.put("points-above-configured", () -> answer(command(entries, entry("101", "2023-09-01"))));
        cases.put("aspect-not-configured", () -> answer(command(entries, entry("1", "2023-09-01").replace("平安建设", "不存在的方面"))));
        cases.put("effective-date-in-future", () -> answer(command(entries, entry("1", "2199-01-01"))));
        cases.put("before-registration", () -> answer(command(entries, entry("1", "2022-12-31"))));
        cases.put("closed-unit", () -> answer(command("/api/v1/units/" + otherUnit + "/assignments", assignment)));
        cases.put("complaint-before-review-decided", () -> {
            String contested = created(command(entries, entry("2", "2023-09-01")));
            String appeal = "{\"contestedRecordId\":\"" + contested + "\",\"stage\":\"REVIEW\",\"reason\":\"事实不清\","
                    + "\"effectiveDate\":\"2023-09-05\"}";
            created(command("/api/v1/cadres/" + cadre + "/appeals", appeal));
            return answer(command("/api/v1/cadres/" + cadre + "/appeals", appeal.replace("REVIEW", "COMPLAINT")));
        });
        cases.put("idempotency-key-reused", () -> {
            String key = UUID.randomUUID().toString();
            created(post(entries, entry("2", "2023-09-02"), KEY, key));
            return answer(post(entries, entry("3", "2023-09-02"), KEY, key));
        });
        cases.put("second-grade-for-year", () -> {
            created(command("/api/v1/cadres/" + cadre + "/annual-grades", grade));
            return answer(command("/api/v1/cadres/" + cadre + "/annual-grades", grade.replace("COMPETENT", "EXCELLENT")));
        });
        cases.put("revoke-revoked", () -> {
            String id = created(command(entries, entry("1", "2023-09-03")));
            String revocation = entries + "/" + id + "/revocation";
            created(command(revocation, "{\"reason\":\"录入错误\",\"effectiveDate\":\"2023-09-04\"}"));
            return answer(command(revocation, "{\"reason\":\"录入错误\",\"effectiveDate\":\"2023-09-04\"}"));
        });
        cases.put("complete-completed", () -> {
            String id = created(command("/api/v1/units/" + unit + "/assignments", assignment));
            String completion = "/api/v1/units/" + unit + "/assignments/" + id + "/completion";
            created(command(completion, "{\"effectiveDate\":\"2023-09-10\"}"));
            return answer(command(completion, "{\"effectiveDate\":\"2023-09-11\"}"));
        });
        cases.put("transfer-to-own-unit", () -> answer(command("/api/v1/cadres/" + cadre + "/transfers",
                "{\"toUnitId\":\"" + unit + "\",\"effectiveDate\":\"2023-09-01\"}")));
        cases.put("id-taken", () -> answer(command("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"又一个\","
                + "\"category\":\"STREET_OFFICE\",\"effectiveDate\":\"2023-01-01\"}")));
        cases.put("idempotency-key-in-progress", () -> {
            String key = UUID.randomUUID().toString();
            created(post(entries, entry("2", "2023-09-05"), KEY, key));
            // as while the first request runs: claimed a moment ago, nothing committed, no answer kept
            jdbc.update("UPDATE idempotency_key SET status = NULL, content_type = NULL, body = NULL, committed_at = NULL, "
                    + "created_at = now() WHERE idempotency_key = ?", key);
            return answer(post(entries, entry("2", "2023-09-05"), KEY, key));
        });
        cases.put("idempotency-committed-answer-lost", () -> {
            String key = UUID.randomUUID().toString();
            created(post(entries, entry("2", "2023-09-06"), KEY, key));
            // its instance died after the commit, before it kept the answer; the claim is abandoned, within the lifetime
            jdbc.update("UPDATE idempotency_key SET status = NULL, content_type = NULL, body = NULL, "
                    + "created_at = now() - interval '1 hour' WHERE idempotency_key = ?", key);
            return answer(post(entries, entry("2", "2023-09-06"), KEY, key));
        });
        cases.put("import-file-too-large", () -> answer(upload(new byte[21 * 1024 * 1024])));
        cases.put("imports-busy", this::importsBusy);
        cases.put("storage-unavailable", this::databaseAway);

        long before = storedEvents();
        ErrorTable.check("ledger-command", cases);
        // the refusals appended nothing: only the set-up commands of the cases did — the complaint's entry and
        // review, the reused key's first use, the first grade, the entry and its revocation, the assignment
        // and its completion, and the first uses of the in-progress and answer-lost keys
        assertThat(storedEvents() - before).isEqualTo(2 + 1 + 1 + 2 + 2 + 1 + 1);
    }

    HttpResponse<String> upload(byte[] workbook) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/imports?mode=ALL_OR_NOTHING")))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + writer())
                .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header(KEY, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(workbook)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One import at a time in this context ({@code ledger.import.max-jobs=1}): while the first is kept checking (the
     * directory it reads is locked meanwhile), a second upload is refused. The first has a row naming an unknown
     * parent, so it appends nothing once it goes on.
     */
    Answer importsBusy() throws Exception {
        byte[] workbook;
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet("单位");
            String[] headers = {"单位编号", "单位名称", "类别", "上级单位编号", "设立日期"};
            String[] values = {"et-imp-" + p, "导入街道", "街道", "et-nowhere-" + p, "2023-01-01"};
            for (int r = 0; r < 2; r++) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
                for (int i = 0; i < headers.length; i++) {
                    row.createCell(i).setCellValue(r == 0 ? headers[i] : values[i]);
                }
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            book.write(out);
            workbook = out.toByteArray();
        }
        HttpResponse<String> second;
        try (java.sql.Connection lock = jdbc.getDataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (java.sql.Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE unit_directory IN ACCESS EXCLUSIVE MODE");
            }
            HttpResponse<String> first = upload(workbook);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            second = upload(workbook);
            lock.rollback();
        }
        return answer(second);
    }

    /** The database cut off: a command and a read are 503 with Retry-After, health DOWN; then it comes back. */
    Answer databaseAway() throws Exception {
        String auditor = token("error-table-auditor", List.of(Role.AUDITOR), List.of(Caller.ALL_UNITS), null);
        HttpResponse<String> command;
        HttpResponse<String> read;
        HttpResponse<String> health;
        try (DatabaseOutage outage = DatabaseOutage.begin(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword())) {
            command = command(entries, entry("1", "2023-09-07"));
            read = send("GET", "/api/v1/audit/events?limit=5", auditor, null, null);
            health = send("GET", "/actuator/health", null, null, null);
        }
        assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
        assertThat(Answer.of(read).type()).isEqualTo("urn:ledger:problem:unavailable");
        assertThat(read.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(command.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
        // back: the pool reconnects by itself
        await().atMost(Duration.ofSeconds(60)).until(() ->
                send("GET", "/actuator/health", null, null, null).statusCode() == 200);
        return answer(command);
    }
}
