package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.ContractDocuments;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.NegativeFinding;
import cn.ledger.contract.Topics;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The worked example of a compatible change: a negative entry stored before {@code finding} existed
 * (payload revision null, inserted as such into the event store) still loads into the aggregate and
 * is still published valid against the current schema, next to a new entry that states its finding.
 */
class SchemaEvolutionIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEntryStoredInTheOldShapeLoadsAndPublishesValid() throws Exception {
        String cadre = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String unit = "u-" + cadre;
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"培黎街道\",\"category\":\"STREET_OFFICE\","
                + "\"effectiveDate\":\"2022-01-01\"}").statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王建国\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"effectiveDate\":\"2022-01-01\"}").statusCode()).isEqualTo(201);

        String oldEventId = UUID.randomUUID().toString();
        String oldPayload = "{\"cadreId\":\"" + cadre + "\",\"entryId\":\"e-old\",\"aspect\":\"平安建设\",\"points\":1,"
                + "\"summary\":\"督查发现问题\",\"evidence\":[],\"effectiveDate\":\"2022-05-01\"}";
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                        + "time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, 1, 'Cadre', ?, ?, NULL, ?, ?)",
                oldEventId, cadre, Instant.parse("2022-05-02T08:00:00Z").toString(), NegativeEntryRecorded.class.getName(),
                oldPayload.getBytes(StandardCharsets.UTF_8),
                "{\"recordedBy\":\"legacy-import\",\"correlationId\":\"legacy-1\"}".getBytes(StandardCharsets.UTF_8));

        // the aggregate knows the old entry: it can be tolerated (only a live negative entry can)
        var tolerated = post("/api/v1/cadres/" + cadre + "/entries/e-old/toleration",
                "{\"reason\":\"三个区分开来\",\"effectiveDate\":\"2022-06-01\"}");
        assertThat(tolerated.statusCode()).as(tolerated.body()).isEqualTo(201);
        assertThat(JSON.readTree(tolerated.body()).get("sequenceNumber").asLong()).isEqualTo(2);

        var stated = post("/api/v1/cadres/" + cadre + "/entries", "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\","
                + "\"points\":1,\"summary\":\"逾期未完成\",\"finding\":\"MISSED_DEADLINE\",\"effectiveDate\":\"2022-07-01\"}");
        assertThat(stated.statusCode()).as(stated.body()).isEqualTo(201);
        assertThat(jdbc.queryForList("SELECT payload_revision FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = ? ORDER BY sequence_number", String.class, cadre, NegativeEntryRecorded.class.getName()))
                .containsExactly(null, "2");
        var positiveWithFinding = post("/api/v1/cadres/" + cadre + "/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"平安建设\","
                + "\"points\":1,\"summary\":\"完成\",\"finding\":\"OTHER\",\"effectiveDate\":\"2022-07-01\"}");
        assertThat(positiveWithFinding.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(positiveWithFinding.body()).at("/errors/0/field").asText()).isEqualTo("finding");

        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                JSON.readTree(ContractDocuments.schema("negative-entry-recorded.v1.json").orElseThrow()),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        Map<Long, ConsumerRecord<String, byte[]>> published = readStream(cadre, 4);
        ConsumerRecord<String, byte[]> old = published.get(1L);
        assertThat(new String(old.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo(oldEventId);
        JsonNode oldValue = JSON.readTree(old.value());
        assertThat(oldValue.has("finding")).isTrue();
        assertThat(oldValue.get("finding").isNull()).isTrue();
        assertThat(schema.validate(oldValue)).isEmpty();
        LedgerEnvelope oldEnvelope = EventCodec.fromRecord(old);
        assertThat(((NegativeEntryRecorded) oldEnvelope.event()).finding()).isNull();
        assertThat(oldEnvelope.recordedBy()).isEqualTo("legacy-import");

        JsonNode newValue = JSON.readTree(published.get(3L).value());
        assertThat(newValue.get("finding").asText()).isEqualTo(NegativeFinding.MISSED_DEADLINE.name());
        assertThat(schema.validate(newValue)).isEmpty();
    }

    private Map<Long, ConsumerRecord<String, byte[]>> readStream(String key, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Long, ConsumerRecord<String, byte[]>> bySequence = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (bySequence.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        bySequence.put(Long.parseLong(new String(record.headers().lastHeader("ce_sequence").value(),
                                StandardCharsets.UTF_8)), record);
                    }
                }
            }
        }
        assertThat(bySequence.keySet()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        return bySequence;
    }
}
