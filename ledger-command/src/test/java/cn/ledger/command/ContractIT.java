package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.EventTypes;
import cn.ledger.contract.Topics;
import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The published contract end to end: events of every type recorded through the API are read back
 * from the real topic and each one validates against the schema its {@code ce_dataschema} names, as
 * served by this service; the contract endpoints are public and read-only.
 */
class ContractIT extends CommandServiceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchemaFactory DRAFT_2020_12 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String created(String path, String json) throws Exception {
        HttpResponse<String> response = post(path, json);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** Every published ce_type and the ce_dataschema its records carry, written out as the contract documents them. */
    private static final Map<String, String> DATASCHEMAS = Map.ofEntries(
            Map.entry("cn.ledger.unit-registered.v1", "urn:ledger:schema:unit-registered.v1"),
            Map.entry("cn.ledger.unit-renamed.v1", "urn:ledger:schema:unit-renamed.v1"),
            Map.entry("cn.ledger.unit-closed.v1", "urn:ledger:schema:unit-closed.v1"),
            Map.entry("cn.ledger.card-issued.v1", "urn:ledger:schema:card-issued.v1"),
            Map.entry("cn.ledger.assignment-issued.v1", "urn:ledger:schema:assignment-issued.v1"),
            Map.entry("cn.ledger.assignment-completed.v1", "urn:ledger:schema:assignment-completed.v1"),
            Map.entry("cn.ledger.evaluation-scored.v1", "urn:ledger:schema:evaluation-scored.v1"),
            Map.entry("cn.ledger.accountability-procedure-opened.v1", "urn:ledger:schema:accountability-procedure-opened.v1"),
            Map.entry("cn.ledger.cadre-registered.v1", "urn:ledger:schema:cadre-registered.v1"),
            Map.entry("cn.ledger.cadre-appointed.v1", "urn:ledger:schema:cadre-appointed.v1"),
            Map.entry("cn.ledger.cadre-rank-changed.v1", "urn:ledger:schema:cadre-rank-changed.v1"),
            Map.entry("cn.ledger.cadre-transferred.v1", "urn:ledger:schema:cadre-transferred.v1"),
            Map.entry("cn.ledger.positive-entry-recorded.v1", "urn:ledger:schema:positive-entry-recorded.v1"),
            Map.entry("cn.ledger.negative-entry-recorded.v1", "urn:ledger:schema:negative-entry-recorded.v1"),
            Map.entry("cn.ledger.negative-entry-tolerated.v1", "urn:ledger:schema:negative-entry-tolerated.v1"),
            Map.entry("cn.ledger.interview-recorded.v1", "urn:ledger:schema:interview-recorded.v1"),
            Map.entry("cn.ledger.sanction-imposed.v1", "urn:ledger:schema:sanction-imposed.v1"),
            Map.entry("cn.ledger.investigation-opened.v1", "urn:ledger:schema:investigation-opened.v1"),
            Map.entry("cn.ledger.investigation-closed.v1", "urn:ledger:schema:investigation-closed.v1"),
            Map.entry("cn.ledger.annual-grade-recorded.v1", "urn:ledger:schema:annual-grade-recorded.v1"),
            Map.entry("cn.ledger.frontline-posting-recorded.v1", "urn:ledger:schema:frontline-posting-recorded.v1"),
            Map.entry("cn.ledger.frontline-posting-ended.v1", "urn:ledger:schema:frontline-posting-ended.v1"),
            Map.entry("cn.ledger.appeal-filed.v1", "urn:ledger:schema:appeal-filed.v1"),
            Map.entry("cn.ledger.appeal-decided.v1", "urn:ledger:schema:appeal-decided.v1"),
            Map.entry("cn.ledger.record-revoked.v1", "urn:ledger:schema:record-revoked.v1"));

    /** The served schema of a ce_dataschema URN, found through the schema list the service publishes. */
    JsonSchema servedSchema(String dataSchema, Map<String, String> urls) throws Exception {
        String url = urls.get(dataSchema);
        assertThat(url).as("a served schema for " + dataSchema).isNotNull();
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/schema+json");
        JsonNode schema = JSON.readTree(response.body());
        assertThat(schema.get("$id").asText()).isEqualTo(dataSchema);
        return DRAFT_2020_12.getSchema(schema, STRICT);
    }

    @Test
    void everyEventTypeRecordedThroughTheApiIsPublishedValidAgainstItsSchema() throws Exception {
        String p = UUID.randomUUID().toString().substring(0, 8);
        String parent = "u-top-" + p;
        String unit = "u-" + p;
        String other = "u-other-" + p;
        String cadre = "c-" + p;
        String d = "\"effectiveDate\":\"2023-09-01\"";
        created("/api/v1/units", "{\"unitId\":\"" + parent + "\",\"name\":\"兰州市\",\"category\":\"CITY\",\"effectiveDate\":\"2023-01-01\"}");
        created("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"安宁区\",\"category\":\"DISTRICT\",\"parentUnitId\":\""
                + parent + "\",\"effectiveDate\":\"2023-01-01\"}");
        created("/api/v1/units", "{\"unitId\":\"" + other + "\",\"name\":\"城关区\",\"category\":\"DISTRICT\",\"parentUnitId\":\""
                + parent + "\",\"effectiveDate\":\"2023-01-01\"}");
        created("/api/v1/units/" + unit + "/renaming", "{\"name\":\"安宁区人民政府\"," + d + "}");
        created("/api/v1/units/" + unit + "/cards", "{\"aspect\":\"经济运行\",\"quarter\":\"2023-Q3\",\"colour\":\"BLUE\"," + d + "}");
        String assignment = created("/api/v1/units/" + unit + "/assignments",
                "{\"kind\":\"WEEKLY\",\"title\":\"清理积案\",\"dueDate\":\"2023-09-08\"," + d + "}");
        created("/api/v1/units/" + unit + "/assignments/" + assignment + "/completion", "{\"note\":\"已销号\"," + d + "}");
        String evaluation = created("/api/v1/units/" + unit + "/evaluations",
                "{\"month\":\"2023-08\",\"score\":92.5,\"assessor\":\"考核办\"," + d + "}");
        created("/api/v1/units/" + unit + "/accountability-procedures", "{\"month\":\"2023-08\",\"reason\":\"连续两月排名末位\"," + d + "}");
        created("/api/v1/units/" + unit + "/records/" + evaluation + "/revocation", "{\"reason\":\"录入错误\"," + d + "}");

        created("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王建国\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"effectiveDate\":\"2023-01-01\"}");
        String c = "/api/v1/cadres/" + cadre;
        created(c + "/appointments", "{\"post\":\"副区长\",\"postLevel\":\"县处副\"," + d + "}");
        created(c + "/rank-changes", "{\"rank\":\"四级调研员\"," + d + "}");
        created(c + "/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\",\"points\":2.5,\"summary\":\"完成重点项目\",\"evidence\":[\"doc-7\"]," + d + "}");
        String negative = created(c + "/entries", "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\",\"points\":1,\"summary\":\"督查发现问题\"," + d + "}");
        created(c + "/entries/" + negative + "/toleration", "{\"reason\":\"三个区分开来\"," + d + "}");
        String toRevoke = created(c + "/entries", "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\",\"points\":1,\"summary\":\"重复录入\"," + d + "}");
        created(c + "/entries/" + toRevoke + "/revocation", "{\"reason\":\"录入错误\"," + d + "}");
        created(c + "/interviews", "{\"kind\":\"ADMONISHMENT\",\"interviewer\":\"书记\",\"reason\":\"逾期\"," + d + "}");
        String sanction = created(c + "/sanctions", "{\"kind\":\"PARTY_PROBATION\",\"probationMonths\":12,\"decidedBy\":\"区纪委\",\"reason\":\"违反纪律\"," + d + "}");
        String investigation = created(c + "/investigations", "{\"authority\":\"区监委\",\"reason\":\"线索\"," + d + "}");
        created(c + "/investigations/" + investigation + "/closure", "{\"outcome\":\"了结\"," + d + "}");
        created(c + "/annual-grades", "{\"year\":2022,\"grade\":\"COMPETENT\"," + d + "}");
        // a sanction from before the registration, entered as history: ce_history on its record only
        String history = created(c + "/sanctions", "{\"kind\":\"GOVERNMENT_DEMERIT\",\"decidedBy\":\"区监委\","
                + "\"reason\":\"违反工作纪律\",\"effectiveDate\":\"2022-05-01\",\"history\":true}");
        String posting = created(c + "/postings", "{\"kind\":\"PETITIONS\",\"description\":\"信访接待\",\"startDate\":\"2023-03-01\"}");
        created(c + "/postings/" + posting + "/end", "{" + d + "}");
        String appeal = created(c + "/appeals", "{\"contestedRecordId\":\"" + sanction + "\",\"stage\":\"REVIEW\",\"reason\":\"事实不清\"," + d + "}");
        created(c + "/appeals/" + appeal + "/decision", "{\"outcome\":\"UPHELD\",\"reason\":\"维持\"," + d + "}");
        created(c + "/transfers", "{\"toUnitId\":\"" + other + "\"," + d + "}");
        created("/api/v1/units/" + parent + "/closure", "{\"reason\":\"合并\"," + d + "}");

        Map<String, String> urls = new HashMap<>();
        for (JsonNode link : JSON.readTree(get("/api/v1/contract/schemas").body())) {
            urls.put(link.get("dataschema").asText(), link.get("url").asText());
        }
        Map<String, JsonSchema> schemas = new HashMap<>();
        Set<String> typesSeen = new TreeSet<>();
        int validated = 0;
        List<String> markedAsHistory = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readTopic(Set.of(parent, unit, other, cadre), 30)) {
            if (header(record, "ce_history") != null) {
                assertThat(header(record, "ce_history")).isEqualTo("true");
                assertThat(EventCodec.fromRecord(record).history()).isTrue();
                markedAsHistory.add(JSON.readTree(record.value()).path("sanctionId").asText());
            }
            String type = header(record, "ce_type");
            String dataSchema = header(record, "ce_dataschema");
            assertThat(dataSchema).as(type).isEqualTo(DATASCHEMAS.get(type));
            assertThat(header(record, "ce_subject")).isEqualTo(record.key());
            JsonSchema schema = schemas.computeIfAbsent(dataSchema, s -> {
                try {
                    return servedSchema(s, urls);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode value = JSON.readTree(record.value());
            assertThat(schema.validate(value)).as(type + " " + value).isEmpty();
            assertThat(EventCodec.fromRecord(record).type()).isEqualTo(type);
            typesSeen.add(type);
            validated++;
        }
        assertThat(validated).isEqualTo(30);
        assertThat(markedAsHistory).containsExactly(history);
        assertThat(typesSeen).containsExactlyInAnyOrderElementsOf(DATASCHEMAS.keySet());
        assertThat(EventTypes.names()).containsExactlyInAnyOrderElementsOf(DATASCHEMAS.keySet());
    }

    @Test
    void theContractIsPublicAndReadOnly() throws Exception {
        HttpResponse<String> asyncApi = get("/api/v1/contract/asyncapi.yaml");
        assertThat(asyncApi.statusCode()).isEqualTo(200);
        assertThat(asyncApi.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(asyncApi.body()).startsWith("asyncapi: 3.0.0").contains("address: ledger.events").contains("ce_history:");

        JsonNode list = JSON.readTree(get("/api/v1/contract/schemas").body());
        assertThat(list.size()).isEqualTo(DATASCHEMAS.size());
        List<String> listed = new ArrayList<>();
        list.forEach(link -> listed.add(link.get("dataschema").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(DATASCHEMAS.values());
        assertThat(list.get(0).get("url").asText()).startsWith("/api/v1/contract/schemas/").endsWith(".v1.json");
        assertThat(get("/api/v1/contract/schemas/negative-entry-recorded.v1").statusCode()).isEqualTo(200);

        HttpResponse<String> unknown = get("/api/v1/contract/schemas/..%2F..%2Fapplication.yml");
        assertThat(unknown.statusCode()).isIn(400, 404);
        HttpResponse<String> missing = get("/api/v1/contract/schemas/no-such-thing.v1.json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(missing.body()).at("/errors/0/field").asText()).isEqualTo("name");

        HttpResponse<String> write = post("/api/v1/contract/schemas/negative-entry-recorded.v1.json", "{}");
        assertThat(write.statusCode()).as("the contract is read-only").isIn(403, 405);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<String, byte[]>> readTopic(Set<String> keys, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
