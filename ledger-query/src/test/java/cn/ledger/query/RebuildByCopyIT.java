package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.InvestigationClosed;
import cn.ledger.contract.event.InvestigationOpened;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.NegativeEntryTolerated;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.SchemaComparison;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.BatchingJdbcTemplate;
import cn.ledger.projection.StorableText;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rebuild, which loads with {@code COPY} and builds its secondary indexes after the load, gives exactly the
 * read model the live consumer gives applying one event at a time (one record per poll here, so every event
 * goes the record-by-record path with its own insert statements): for a generated, seeded topic with hostile
 * text in every free-text field, text PostgreSQL cannot store (U+0000, lone surrogates) and redelivered
 * records, the two schemas hold the same rows, each as often, and the same indexes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.consumer.group-id=ledger-query-rebuild-by-copy",
        "spring.kafka.consumer.max-poll-records=1"})
class RebuildByCopyIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> BOOKKEEPING = Set.of("applied_at", "parked_at", "attempts", "reason");
    static final long SEED = 4_12_2026L;
    static final List<String> HOSTILE = List.of("\t", "\\", "\\N", "\\.", "\n", "\r\n", "'", "\"", "\u0000",
            "\ud800", "x\udfff", "\u0001", "\u001b", "\u007f", "\u0085", "\u2028", "\u202e", "\u200d", "\ufeff",
            "\ufffd", "e\u0301", "😀", "👩‍👩‍👧", "\ud840\udc00", "长", "{\"a\": [1]}", "\\x41", "NULL", "");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String database = TestInfrastructure.anotherDatabase("rebuildbycopy");
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
    }

    @Autowired
    cn.ledger.security.LocalTokens tokens;
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final Random random = new Random(SEED);
    final Map<String, Long> sequences = new HashMap<>();
    final Map<String, List<ProducerRecord<String, byte[]>>> sent = new LinkedHashMap<>();
    final Map<String, String> names = new LinkedHashMap<>();
    final String run = "rc" + UUID.randomUUID().toString().substring(0, 6);
    int distinct;
    int redelivered;

    @Test
    void rebuildByCopyEqualsTheLiveTablesAppliedOneEventAtATime() throws Exception {
        generate(40);
        awaitLiveConsumerAtTheEnd();
        long copiedBefore = ((BatchingJdbcTemplate) jdbc).copiedRows();
        List<String> liveIndexes = indexes("ledger_query", "ledger_query");

        JsonNode started = send("POST", "/api/v1/admin/rebuilds", 202);
        String id = started.path("id").asText();
        await().atMost(Duration.ofSeconds(180)).untilAsserted(() ->
                assertThat(get("/api/v1/admin/rebuilds/" + id).path("state").asText()).isEqualTo("SWITCHED"));
        String retired = get("/api/v1/admin/rebuilds/" + id).path("retiredSchema").asText();

        // most of the run's rows went by COPY: rows whose values COPY cannot write exactly go the batch way, and
        // a batch the applier splits (a parked record, a race) goes record by record, so not every one of them
        assertThat(((BatchingJdbcTemplate) jdbc).copiedRows() - copiedBefore).as("rows the rebuild sent with COPY")
                .isGreaterThan(distinct / 2);
        assertThat(SchemaComparison.differences(dataSource, "ledger_query", retired, Set.of(), BOOKKEEPING))
                .as("seed " + SEED).isEmpty();
        // every event of the run once in the timeline, however often it was delivered
        assertThat(redelivered).isPositive();
        for (String schema : List.of("ledger_query", retired)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM " + schema + ".ledger_record WHERE stream_id LIKE ?",
                    Long.class, run + "%")).as(schema).isEqualTo(distinct);
        }
        // the indexes the migrations define, built after the load
        assertThat(indexes("ledger_query", "ledger_query")).isEqualTo(liveIndexes);
        assertThat(indexes(retired, "ledger_query")).isEqualTo(liveIndexes);
        // hostile names arrive as the text rule for storage makes them
        names.forEach((cadre, name) -> assertThat(jdbc.queryForObject(
                "SELECT name FROM ledger_query.cadre WHERE cadre_id = ?", String.class, cadre))
                .isEqualTo(StorableText.clean(name)));
    }

    private void generate(int cadres) throws Exception {
        String unit = run + "-unit";
        publish(unit, "Unit", new UnitRegistered(unit, "单位" + hostile(), UnitCategory.STREET_OFFICE, null,
                LocalDate.parse("2020-01-01")));
        for (int c = 0; c < cadres; c++) {
            String cadre = run + "-c" + c;
            String name = "干部" + hostile();
            names.put(cadre, name);
            publish(cadre, "Cadre", new CadreRegistered(cadre, name, unit, hostile(), "乡科副",
                    LocalDate.parse("2020-01-01"), hostile(), LocalDate.parse("2020-01-01"),
                    LocalDate.parse("2010-07-01"), 3, hostile(), LocalDate.parse("2020-01-01")));
            List<String> entries = new ArrayList<>();
            int events = 5 + random.nextInt(20);
            for (int e = 0; e < events; e++) {
                LocalDate day = LocalDate.parse("2023-01-01").plusDays(random.nextInt(700));
                String recordId = UUID.nameUUIDFromBytes((cadre + "/" + e).getBytes()).toString();
                LedgerEvent event = switch (random.nextInt(10)) {
                    case 0, 1 -> new PositiveEntryRecorded(cadre, recordId, hostile(),
                            BigDecimal.valueOf(random.nextInt(500), 1), hostile(), List.of(hostile(), hostile()), day);
                    case 2, 3 -> new NegativeEntryRecorded(cadre, recordId, hostile(),
                            BigDecimal.valueOf(random.nextInt(50)), hostile(), List.of(hostile()), day);
                    case 4 -> new InterviewRecorded(cadre, recordId, unit, InterviewKind.REMINDER, hostile(), hostile(),
                            day);
                    case 5 -> new SanctionImposed(cadre, recordId, SanctionKind.GOVERNMENT_WARNING, null, hostile(),
                            hostile(), day);
                    case 6 -> new AnnualGradeRecorded(cadre, recordId, 2000 + e, AnnualGrade.values()[
                            random.nextInt(AnnualGrade.values().length)], day);
                    case 7 -> new CadreAppointed(cadre, hostile(), "乡科正", day);
                    case 8 -> new InvestigationOpened(cadre, recordId, hostile(), hostile(), day);
                    default -> entries.isEmpty()
                            ? new AppealFiled(cadre, recordId, recordId, AppealStage.values()[0], hostile(), day, day)
                            : random.nextBoolean()
                                    ? new RecordRevoked(cadre, entries.get(random.nextInt(entries.size())), hostile(),
                                            null, day)
                                    : new NegativeEntryTolerated(cadre, entries.get(random.nextInt(entries.size())),
                                            hostile(), day);
                };
                if (event instanceof PositiveEntryRecorded || event instanceof NegativeEntryRecorded) {
                    entries.add(recordId);
                }
                publish(cadre, "Cadre", event);
                if (event instanceof InvestigationOpened) {
                    publish(cadre, "Cadre", new InvestigationClosed(cadre, recordId, hostile(), day.plusDays(3)));
                }
                if (random.nextInt(8) == 0) {
                    redeliverOneOf(cadre);
                }
            }
        }
        for (String stream : List.copyOf(sent.keySet())) {
            if (random.nextInt(3) == 0) {
                redeliverOneOf(stream);
            }
        }
    }

    /** Sends a record of the stream again, as a publisher that did not see its acknowledgement would. */
    private void redeliverOneOf(String stream) throws Exception {
        List<ProducerRecord<String, byte[]>> records = sent.get(stream);
        ProducerRecord<String, byte[]> again = records.get(random.nextInt(records.size()));
        kafka.send(new ProducerRecord<>(again.topic(), null, again.key(), again.value(), again.headers())).get();
        redelivered++;
    }

    private String hostile() {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
            text.append(HOSTILE.get(random.nextInt(HOSTILE.size())));
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private void publish(String subject, String aggregateType, LedgerEvent event) throws Exception {
        long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), aggregateType, subject, sequence,
                Instant.now().truncatedTo(ChronoUnit.MICROS), "it-recorder" + hostile(), "it", event);
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope);
        kafka.send(record).get();
        sent.computeIfAbsent(subject, s -> new ArrayList<>()).add(record);
        distinct++;
    }

    /** Waits until the live consumer group has committed every partition of the topic up to its end. */
    private void awaitLiveConsumerAtTheEnd() {
        String group = environment.getProperty("spring.kafka.consumer.group-id");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getProperty("spring.kafka.bootstrap-servers")))) {
            await().atMost(Duration.ofSeconds(300)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get().get(Topics.LEDGER_EVENTS)
                        .partitions().forEach(p -> latest.put(new TopicPartition(Topics.LEDGER_EVENTS, p.partition()),
                                OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || committed.get(end.getKey()) != null
                        && committed.get(end.getKey()).offset() >= end.getValue().offset());
            });
        }
    }

    /** The schema's index definitions, with its name written as {@code as}. */
    private List<String> indexes(String schema, String as) {
        return jdbc.queryForList("SELECT replace(indexdef, ' ' || schemaname || '.', ' ' || ? || '.') FROM pg_indexes "
                + "WHERE schemaname = ? ORDER BY indexname", String.class, as, schema);
    }

    private String bearer() {
        return "Bearer " + tokens.mint("it-operator", List.of(cn.ledger.security.Role.REVIEWER,
                cn.ledger.security.Role.ADMIN), List.of(cn.ledger.security.Caller.ALL_UNITS), null);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode send(String method, String path, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", bearer()).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expected);
        return JSON.readTree(response.body());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port") + path;
    }
}
