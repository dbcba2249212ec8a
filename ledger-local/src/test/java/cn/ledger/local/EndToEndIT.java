package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path over real PostgreSQL and Kafka, each service in its own JVM as in production:
 * HTTP command → event store row → record on {@code ledger.events} → both projectors → exact answers
 * from the query endpoints; and projectors killed mid-stream count every event exactly once.
 */
class EndToEndIT {

    static LocalSystem system;
    static final LedgerClient client = new LedgerClient("e2e-recorder");
    static String command;
    static String query;
    static String ranking;

    @BeforeAll
    static void startSystem() {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        system = new LocalSystem(home, TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), TestInfrastructure.kafkaBootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/e2e-logs"));
        system.start(Duration.ofMinutes(3));
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
        ranking = system.ranking().baseUrl() + "/api/v1";
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aCommandTravelsFromHttpThroughStoreAndTopicToBothProjectors() throws Exception {
        String p = "t1-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "培黎街道", "STREET_OFFICE", p + "district");
        unit(p + "dept", "区发改局", "DISTRICT_DEPARTMENT", p + "district");
        cadre(p + "wang", p + "office");
        cadre(p + "zhang", p + "dept");

        JsonNode plus = entry(p + "wang", "POSITIVE", "项目双进", "3", "2023-09-10");
        entry(p + "wang", "POSITIVE", "基层党建", "1.5", "2023-09-11");
        JsonNode minus = entry(p + "wang", "NEGATIVE", "平安建设", "1", "2023-09-12");
        entry(p + "zhang", "NEGATIVE", "优化营商环境", "2", "2023-08-30");
        interview(p + "wang", "REMINDER", "2023-09-13");
        interview(p + "zhang", "FORMAL_TALK", "2023-09-14");
        interview(p + "zhang", "ADMONISHMENT", "2023-10-02");
        card(p + "office", "平安建设", "YELLOW");
        card(p + "office", "项目双进", "BLUE");
        card(p + "dept", "优化营商环境", "RED");
        card(p + "district", "经济运行", "BLUE");

        assertThat(plus.get("streamId").asText()).isEqualTo(p + "wang");
        assertThat(plus.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(minus.get("sequenceNumber").asLong()).isEqualTo(3);

        // the event store holds every event, in stream order, with who recorded it
        assertThat(storedEvents(p + "wang")).isEqualTo(5);
        assertThat(storedEvents(p + "zhang")).isEqualTo(4);
        assertThat(storedEvents(p + "office")).isEqualTo(3);

        // the topic carries them keyed by stream, with the CloudEvents attributes
        LedgerEnvelope negative = onTopic(p + "wang", 3);
        assertThat(negative.event()).isInstanceOf(NegativeEntryRecorded.class);
        assertThat(negative.recordedBy()).isEqualTo("e2e-recorder");
        assertThat(negative.eventId()).isNotBlank();
        assertThat(((NegativeEntryRecorded) negative.event()).points()).isEqualByComparingTo("1");

        // ledger-query
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode totals = client.get(query + "/cadres/" + p + "wang/entries/totals").expect(200).json();
            assertThat(totals.at("/positive/count").asLong()).isEqualTo(2);
            assertThat(totals.at("/positive/points").decimalValue()).isEqualByComparingTo("4.5");
            assertThat(totals.at("/negative/count").asLong()).isEqualTo(1);
            assertThat(totals.at("/netPoints").decimalValue()).isEqualByComparingTo("3.5");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode counts = client.get(query + "/interviews/counts?unitId=" + p + "district").expect(200).json();
            assertThat(counts.get("total").asLong()).isEqualTo(3);
            assertThat(counts.at("/byKind/REMINDER").asLong()).isEqualTo(1);
            assertThat(counts.at("/byKind/FORMAL_TALK").asLong()).isEqualTo(1);
            assertThat(counts.at("/byKind/ADMONISHMENT").asLong()).isEqualTo(1);
        });
        JsonNode september = client.get(query + "/interviews/counts?cadreId=" + p + "zhang&from=2023-09-01&to=2023-09-30")
                .expect(200).json();
        assertThat(september.get("total").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode cards = client.get(query + "/cards/totals?quarter=2023-Q3&unitId=" + p + "district").expect(200).json();
            assertThat(cards.at("/held/blue").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/blue").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/yellow").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/red").asLong()).isEqualTo(1);
        });

        // ranking-projector
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, JsonNode> tally = tally("2023-09", p);
            JsonNode office = tally.get(p + "office");
            assertThat(office).isNotNull();
            assertThat(office.get("positiveEntries").asInt()).isEqualTo(2);
            assertThat(office.get("positivePoints").decimalValue()).isEqualByComparingTo("4.5");
            assertThat(office.get("negativeEntries").asInt()).isEqualTo(1);
            assertThat(office.get("interviews").asInt()).isEqualTo(1);
            assertThat(office.get("unitName").asText()).isEqualTo("培黎街道");
            assertThat(tally.get(p + "dept").get("interviews").asInt()).isEqualTo(1);
            assertThat(tally("2023-08", p).get(p + "dept").get("negativePoints").decimalValue())
                    .isEqualByComparingTo("2");
        });
    }

    @Test
    void projectorsKilledMidStreamCountEveryEventExactlyOnce() {
        String p = "t2-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "沙井驿街道", "STREET_OFFICE", p + "district");
        int cadres = 4;
        int perCadre = 60;
        for (int c = 0; c < cadres; c++) {
            cadre(p + "c" + c, p + "office");
        }
        for (int i = 0; i < perCadre; i++) {
            if (i == perCadre / 3) {
                system.query().kill();
            }
            if (i == perCadre / 2) {
                system.ranking().kill();
                system.query().start();
            }
            for (int c = 0; c < cadres; c++) {
                entry(p + "c" + c, "POSITIVE", "经济运行", "1", "2023-09-15");
            }
        }
        system.ranking().start();
        system.query().awaitHealthy(Duration.ofMinutes(2));
        system.ranking().awaitHealthy(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (int c = 0; c < cadres; c++) {
                JsonNode totals = client.get(query + "/cadres/" + p + "c" + c + "/entries/totals").expect(200).json();
                assertThat(totals.at("/positive/count").asLong()).isEqualTo(perCadre);
                assertThat(totals.at("/positive/points").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(perCadre));
            }
            JsonNode office = tally("2023-09", p).get(p + "office");
            assertThat(office).isNotNull();
            assertThat(office.get("positiveEntries").asInt()).isEqualTo(cadres * perCadre);
        });
        // and nothing arrives later to push them past the exact figures
        JsonNode office = tally("2023-09", p).get(p + "office");
        assertThat(office.get("positivePoints").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(cadres * perCadre));
    }

    static void unit(String id, String name, String category, String parent) {
        client.post(command + "/units", "{\"unitId\":" + q(id) + ",\"name\":" + q(name) + ",\"category\":" + q(category)
                + ",\"parentUnitId\":" + (parent == null ? "null" : q(parent)) + ",\"effectiveDate\":\"2023-01-01\"}")
                .expect(201);
    }

    static void cadre(String id, String unit) {
        client.post(command + "/cadres", "{\"cadreId\":" + q(id) + ",\"name\":\"测试干部\",\"unitId\":" + q(unit)
                + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
    }

    static JsonNode entry(String cadre, String polarity, String aspect, String points, String date) {
        return client.post(command + "/cadres/" + cadre + "/entries", "{\"polarity\":" + q(polarity) + ",\"aspect\":"
                + q(aspect) + ",\"points\":" + points + ",\"summary\":\"测试\",\"effectiveDate\":" + q(date) + "}")
                .expect(201).json();
    }

    static void interview(String cadre, String kind, String date) {
        client.post(command + "/cadres/" + cadre + "/interviews", "{\"kind\":" + q(kind)
                + ",\"interviewer\":\"区委组织部\",\"reason\":\"测试\",\"effectiveDate\":" + q(date) + "}").expect(201);
    }

    static void card(String unit, String aspect, String colour) {
        client.post(command + "/units/" + unit + "/cards", "{\"aspect\":" + q(aspect) + ",\"quarter\":\"2023-Q3\","
                + "\"colour\":" + q(colour) + ",\"effectiveDate\":\"2023-09-30\"}").expect(201);
    }

    static Map<String, JsonNode> tally(String month, String prefix) {
        Map<String, JsonNode> byUnit = new java.util.HashMap<>();
        for (JsonNode row : client.get(ranking + "/tallies/monthly/" + month).expect(200).json()) {
            if (row.get("unitId").asText().startsWith(prefix)) {
                byUnit.put(row.get("unitId").asText(), row);
            }
        }
        return byUnit;
    }

    static long storedEvents(String aggregateId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*), max(sequence_number), "
                        + "bool_and(convert_from(meta_data, 'UTF8') LIKE '%\"recordedBy\":\"e2e-recorder\"%') "
                        + "FROM ledger_command.domain_event_entry WHERE aggregate_identifier = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("sequence numbers without gaps").isEqualTo(rs.getLong(1) - 1);
                assertThat(rs.getBoolean(3)).as("every event names its recorder").isTrue();
                return rs.getLong(1);
            }
        }
    }

    static LedgerEnvelope onTopic(String key, long sequence) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Long> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        LedgerEnvelope envelope = EventCodec.fromRecord(record);
                        seen.add(envelope.sequence());
                        if (envelope.sequence() == sequence) {
                            return envelope;
                        }
                    }
                }
            }
            throw new AssertionError("no event " + sequence + " of " + key + " on the topic; saw " + seen);
        }
    }
}
