package cn.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every published type has a JSON Schema that matches its record field for field, every real event
 * validates against the schema its {@code ce_dataschema} names, and a wrong type, a missing field or
 * an unknown enum value fails validation.
 */
class EventSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode schemaOf(String type) throws Exception {
        return JSON.readTree(ContractDocuments.schema(ContractDocuments.schemaFileOf(type)).orElseThrow());
    }

    @Test
    void everyEventTypeHasASchemaWhoseIdIsItsDataSchema() throws Exception {
        assertThat(EventTypes.names()).hasSize(ContractDocuments.schemaFiles().size()).isNotEmpty();
        for (String type : EventTypes.names()) {
            JsonNode schema = schemaOf(type);
            assertThat(schema.get("$schema").asText()).as(type).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.get("$id").asText()).as(type).isEqualTo(EventCodec.dataSchemaOf(type).toString());
            assertThat(schema.get("title").asText()).as(type)
                    .isEqualTo(EventTypes.classOf(type).orElseThrow().getSimpleName());
            assertThat(schema.get("description").asText()).as(type).contains(type);
        }
        var folder = ContractDocuments.class.getClassLoader().getResource(ContractDocuments.SCHEMA_FOLDER);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no schema without a published type")
                    .containsExactlyInAnyOrderElementsOf(ContractDocuments.schemaFiles().values());
        }
    }

    @Test
    void everySchemaDescribesItsRecordFieldForField() throws Exception {
        for (String type : EventTypes.names()) {
            Class<?> record = EventTypes.classOf(type).orElseThrow();
            JsonNode schema = schemaOf(type);
            JsonNode properties = schema.get("properties");
            Set<String> components = new LinkedHashSet<>();
            for (RecordComponent component : record.getRecordComponents()) {
                components.add(component.getName());
                JsonNode property = properties.get(component.getName());
                assertThat(property).as(type + " has no property " + component.getName()).isNotNull();
                checkType(type + "." + component.getName(), component, property);
            }
            Set<String> described = new HashSet<>();
            properties.fieldNames().forEachRemaining(described::add);
            assertThat(described).as(type + " properties").containsExactlyInAnyOrderElementsOf(components);
            Set<String> required = new HashSet<>();
            schema.get("required").forEach(r -> required.add(r.asText()));
            assertThat(components).as(type + " required fields are fields").containsAll(required);
            if (record == cn.ledger.contract.event.NegativeEntryRecorded.class) {
                assertThat(required).as("a field added within v1 is optional").doesNotContain("finding");
            }
            if (record == cn.ledger.contract.event.InterviewRecorded.class
                    || record == cn.ledger.contract.event.SanctionImposed.class) {
                assertThat(required).as("a field added within v1 is optional").doesNotContain("sameMeasureAs");
            }
            assertThat(required).as(type + " effectiveDate").contains("effectiveDate");
            assertThat(schema.get("type").asText()).isEqualTo("object");
        }
    }

    private static void checkType(String where, RecordComponent component, JsonNode property) {
        List<String> types = new ArrayList<>();
        if (property.get("type").isArray()) {
            property.get("type").forEach(t -> types.add(t.asText()));
        } else {
            types.add(property.get("type").asText());
        }
        boolean nullable = types.remove("null");
        assertThat(types).as(where).hasSize(1);
        String json = types.get(0);
        Class<?> java = component.getType();
        if (nullable) {
            assertThat(java.isPrimitive()).as(where + " is primitive and cannot be null").isFalse();
        }
        if (java == String.class) {
            assertThat(json).as(where).isEqualTo("string");
        } else if (java == LocalDate.class) {
            assertThat(json).as(where).isEqualTo("string");
            assertThat(property.get("format").asText()).as(where).isEqualTo("date");
            assertThat(property.has("pattern")).as(where + " pattern").isTrue();
        } else if (java == BigDecimal.class) {
            assertThat(json).as(where).isEqualTo("number");
        } else if (java == int.class || java == Integer.class || java == long.class) {
            assertThat(json).as(where).isEqualTo("integer");
        } else if (java == List.class) {
            assertThat(json).as(where).isEqualTo("array");
            Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            assertThat(element).as(where).isEqualTo(String.class);
            assertThat(property.at("/items/type").asText()).as(where).isEqualTo("string");
        } else if (java.isEnum()) {
            assertThat(json).as(where).isEqualTo("string");
            List<String> values = new ArrayList<>();
            property.get("enum").forEach(v -> values.add(v.isNull() ? null : v.asText()));
            List<String> expected = new ArrayList<>(Arrays.stream(java.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList());
            if (nullable) {
                expected.add(null);
            }
            assertThat(values).as(where + " enum").containsExactlyElementsOf(expected);
        } else {
            throw new AssertionError(where + ": no schema mapping for " + java);
        }
    }

    /** Each representative event as it is published: the record value and the schema its header names. */
    static List<Object[]> published() throws Exception {
        List<Object[]> out = new ArrayList<>();
        long sequence = 0;
        for (LedgerEvent event : EventCodecTest.oneOfEach()) {
            ProducerRecord<String, byte[]> record = EventCodec.toRecord(Topics.LEDGER_EVENTS, new LedgerEnvelope(
                    "id-" + sequence, "Cadre", event.subjectId(), sequence++, Instant.parse("2023-09-15T08:00:00Z"),
                    "recorder-1", "corr-1", event));
            String dataSchema = new String(record.headers().lastHeader("ce_dataschema").value(), StandardCharsets.UTF_8);
            out.add(new Object[] {dataSchema, JSON.readTree(record.value())});
        }
        return out;
    }

    @Test
    void everyPublishedEventIsValidAgainstTheSchemaItsHeaderNames() throws Exception {
        List<Object[]> published = published();
        Set<String> schemas = new HashSet<>();
        for (Object[] p : published) {
            schemas.add((String) p[0]);
            assertThat(SchemaValidation.validate((String) p[0], (JsonNode) p[1])).as(p[0] + " " + p[1]).isEmpty();
        }
        assertThat(schemas).hasSize(EventTypes.names().size());
    }

    @Test
    void aMissingFieldAWrongTypeOrAnUnknownValueFails() throws Exception {
        int mutations = 0;
        for (Object[] p : published()) {
            String dataSchema = (String) p[0];
            ObjectNode valid = (ObjectNode) p[1];
            JsonNode schema = SchemaValidation.schemaNamed(dataSchema).getSchemaNode();
            for (JsonNode required : schema.get("required")) {
                ObjectNode missing = valid.deepCopy();
                missing.remove(required.asText());
                assertThat(SchemaValidation.validate(dataSchema, missing)).as(dataSchema + " without " + required).isNotEmpty();
                mutations++;
            }
            var fields = schema.get("properties").fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String type = field.getValue().get("type").isArray() ? field.getValue().get("type").get(0).asText()
                        : field.getValue().get("type").asText();
                ObjectNode wrong = valid.deepCopy();
                wrong.set(field.getKey(), "string".equals(type) ? IntNode.valueOf(42) : TextNode.valueOf("x"));
                assertThat(SchemaValidation.validate(dataSchema, wrong)).as(dataSchema + " with a wrong " + field.getKey())
                        .isNotEmpty();
                mutations++;
                if (field.getValue().has("enum")) {
                    ObjectNode unknown = valid.deepCopy();
                    unknown.put(field.getKey(), "NO_SUCH_VALUE");
                    assertThat(SchemaValidation.validate(dataSchema, unknown)).as(dataSchema + " " + field.getKey())
                            .isNotEmpty();
                }
                if ("date".equals(field.getValue().path("format").asText())) {
                    ObjectNode badDate = valid.deepCopy();
                    badDate.put(field.getKey(), "2023-02-30");
                    assertThat(SchemaValidation.validate(dataSchema, badDate)).as(dataSchema + " " + field.getKey())
                            .isNotEmpty();
                }
            }
        }
        assertThat(mutations).isGreaterThan(100);
    }

    @Test
    void aNegativeEntryPublishedBeforeItsFindingFieldExistedIsStillValid() throws Exception {
        for (Object[] p : published()) {
            if (((String) p[0]).endsWith("negative-entry-recorded.v1")) {
                ObjectNode before = ((ObjectNode) p[1]).deepCopy();
                assertThat(before.get("finding").asText()).isEqualTo("PROBLEM_FOUND");
                before.remove("finding");
                assertThat(SchemaValidation.validate((String) p[0], before)).isEmpty();
                ObjectNode unstated = before.deepCopy().putNull("finding");
                assertThat(SchemaValidation.validate((String) p[0], unstated)).isEmpty();
                LedgerEvent read = EventCodec.mapper().treeToValue(before,
                        cn.ledger.contract.event.NegativeEntryRecorded.class);
                assertThat(((cn.ledger.contract.event.NegativeEntryRecorded) read).finding()).isNull();
                return;
            }
        }
        throw new AssertionError("no negative entry among the published events");
    }

    @Test
    void anInterviewOrSanctionPublishedBeforeSameMeasureAsExistedIsStillValid() throws Exception {
        int seen = 0;
        for (Object[] p : published()) {
            String schema = (String) p[0];
            Class<? extends LedgerEvent> type = schema.endsWith("interview-recorded.v1")
                    ? cn.ledger.contract.event.InterviewRecorded.class
                    : schema.endsWith("sanction-imposed.v1") ? cn.ledger.contract.event.SanctionImposed.class : null;
            if (type == null) {
                continue;
            }
            ObjectNode before = ((ObjectNode) p[1]).deepCopy();
            assertThat(before.has("sameMeasureAs")).as(schema).isTrue();
            before.remove("sameMeasureAs");
            assertThat(SchemaValidation.validate(schema, before)).as(schema).isEmpty();
            assertThat(SchemaValidation.validate(schema, before.deepCopy().putNull("sameMeasureAs"))).isEmpty();
            assertThat(SchemaValidation.validate(schema, before.deepCopy().put("sameMeasureAs", ""))).isNotEmpty();
            LedgerEvent read = EventCodec.mapper().treeToValue(before, type);
            assertThat(read.getClass().getMethod("sameMeasureAs").invoke(read)).isNull();
            seen++;
        }
        assertThat(seen).isEqualTo(2);
    }

    @Test
    void anUnknownFieldIsAllowedSoThatFieldsCanBeAddedWithinAVersion() throws Exception {
        Object[] first = published().get(0);
        ObjectNode extended = ((ObjectNode) first[1]).deepCopy();
        extended.put("addedLater", "x");
        assertThat(SchemaValidation.validate((String) first[0], extended)).isEmpty();
    }
}
