package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.AssignmentKind;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ranking-projector on real PostgreSQL and Kafka, fed events as ledger-command publishes them, with
 * ledger-command's accountability endpoint played by {@link FakeLedgerCommand}. Months close only when
 * a test closes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RankingProjectorIT {

    static final FakeLedgerCommand LEDGER_COMMAND;

    static {
        try {
            LEDGER_COMMAND = new FakeLedgerCommand();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("spring.flyway.clean-disabled", () -> "false");
        registry.add("ledger.security.mode", () -> "local");
        registry.add("ledger.ranking.close-after", () -> "36500d");
        registry.add("ledger.ranking.check-interval", () -> "PT0.3S");
        registry.add("ledger.ranking.accountability.send-interval", () -> "PT0.2S");
        registry.add("ledger.ranking.accountability.command-url", LEDGER_COMMAND::url);
    }

    @AfterAll
    static void stopFake() {
        // The fake lives as long as the shared Spring context; nothing to do per class.
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected JdbcTemplate jdbc;
    @Autowired
    protected Environment environment;
    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;
    @Autowired
    protected cn.ledger.security.LocalTokens tokens;

    /** A reviewer who is also the operator: reads everything, closes months, runs rebuilds. */
    protected String bearer() {
        return "Bearer " + tokens.mint("it-operator", java.util.List.of(cn.ledger.security.Role.REVIEWER,
                cn.ledger.security.Role.ADMIN), java.util.List.of(cn.ledger.security.Caller.ALL_UNITS), null);
    }

    protected final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Long> sequences = new HashMap<>();

    protected LedgerEnvelope publish(String subject, LedgerEvent event) throws Exception {
        long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(),
                event instanceof UnitRegistered || subject.startsWith("u-") ? "Unit" : "Cadre", subject, sequence,
                Instant.now(), "it-assessor", "it", event);
        publish(envelope);
        return envelope;
    }

    protected void publish(LedgerEnvelope envelope) throws Exception {
        kafka.send(EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope)).get();
    }

    protected void unit(String id, UnitCategory category, String parent) throws Exception {
        publish(id, new UnitRegistered(id, "单位" + id, category, parent, LocalDate.parse("2020-01-01")));
    }

    protected LedgerEnvelope evaluation(String unit, String month, String score, String assessor) throws Exception {
        return publish(unit, new EvaluationScored(unit, UUID.randomUUID().toString(), month, new BigDecimal(score),
                assessor, LocalDate.parse(month + "-28")));
    }

    protected String assignment(String unit, String issued, String due) throws Exception {
        String id = UUID.randomUUID().toString();
        publish(unit, new AssignmentIssued(unit, id, AssignmentKind.WEEKLY, "周交办事项", LocalDate.parse(due),
                null, LocalDate.parse(issued)));
        return id;
    }

    protected LedgerEnvelope complete(String unit, String assignmentId, String on) throws Exception {
        return publish(unit, new AssignmentCompleted(unit, assignmentId, "销号", LocalDate.parse(on)));
    }

    protected String card(String unit, String aspect, String quarter, CardColour colour, String issuer)
            throws Exception {
        String id = UUID.randomUUID().toString();
        publish(unit, new CardIssued(unit, id, aspect, quarter, colour, issuer, LocalDate.parse("2023-09-30")));
        return id;
    }

    protected void revoke(String unit, String recordId) throws Exception {
        publish(unit, new RecordRevoked(unit, recordId, "录入错误", null, LocalDate.parse("2023-10-08")));
    }

    protected JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> raw(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", bearer()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The workbook's first sheet as text, row by row ("" for an empty cell), numbers as plain decimals. */
    protected static java.util.List<java.util.List<String>> cells(org.apache.poi.xssf.usermodel.XSSFWorkbook workbook) {
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        var sheet = workbook.getSheetAt(0);
        for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            java.util.List<String> row = new java.util.ArrayList<>();
            var cells = sheet.getRow(r);
            for (int c = 0; cells != null && c < cells.getLastCellNum(); c++) {
                var cell = cells.getCell(c);
                row.add(cell == null ? "" : switch (cell.getCellType()) {
                    case NUMERIC -> new java.math.BigDecimal(Double.toString(cell.getNumericCellValue()))
                            .stripTrailingZeros().toPlainString();
                    case BOOLEAN -> Boolean.toString(cell.getBooleanCellValue());
                    default -> cell.getStringCellValue();
                });
            }
            rows.add(row);
        }
        return rows;
    }

    /** Closes the review group's month (the parent whose children are ranked) as the operator. */
    protected JsonNode close(String month, String group) throws Exception {
        HttpResponse<String> response = post("/api/v1/rankings/monthly/" + month + "/close?parentUnitId=" + group,
                bearer());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> post(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with the given caller's token. */
    protected HttpResponse<String> raw(String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected void awaitRanked(String month, String parent, int units) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                get("/api/v1/rankings/monthly/" + month + "?parentUnitId=" + parent).path("ranking").size())
                .isEqualTo(units));
    }

    /**
     * Every record applied to a closed month has been looked at by the reconcile (none newer than the month's
     * seen change), and no accountability request waits to be sent: no later pass can make a version or send.
     */
    protected void awaitSettled() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.queryForList("""
                    SELECT r.month FROM ranking_month r
                     WHERE EXISTS (SELECT 1 FROM month_change c JOIN unit u ON u.unit_id = c.unit_id
                                    WHERE c.month = r.month AND COALESCE(u.parent_unit_id, '') = r.group_id
                                      AND c.change_id > r.seen_change_id)""",
                    String.class)).as("closed months with records the reconcile has not looked at").isEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM accountability_trigger WHERE status = 'PENDING'",
                    Integer.class)).as("accountability requests waiting to be sent").isZero();
        });
    }

    /** The latest change recorded for a month (0 when none). */
    protected long lastChange(String month) {
        Long id = jdbc.queryForObject("SELECT MAX(change_id) FROM month_change WHERE month = ?", Long.class, month);
        return id == null ? 0 : id;
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
