package cn.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document is valid against the official AsyncAPI 3.0.0 JSON Schema, names every
 * published type with its schema, and its header schema accepts the headers the codec really writes.
 */
class AsyncApiDocumentTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    static JsonSchema official;
    static JsonNode document;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi-specs/asyncapi-3.0.0.schema.json")) {
            official = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(new ObjectMapper().readTree(in));
        }
        document = YAML.readTree(ContractDocuments.asyncApi());
    }

    @Test
    void isValidAgainstTheOfficialAsyncApi300Schema() {
        assertThat(document.get("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(official.validate(document)).isEmpty();
    }

    @Test
    void theValidationRejectsABrokenDocument() {
        ObjectNode noInfo = document.deepCopy();
        noInfo.remove("info");
        assertThat(official.validate(noInfo)).isNotEmpty();

        ObjectNode badAddress = document.deepCopy();
        ((ObjectNode) badAddress.at("/channels/ledgerEvents")).put("address", 42);
        assertThat(official.validate(badAddress)).isNotEmpty();

        ObjectNode badBinding = document.deepCopy();
        ((ObjectNode) badBinding.at("/channels/ledgerEvents/bindings/kafka")).put("partitions", 0);
        assertThat(official.validate(badBinding)).isNotEmpty();

        ObjectNode badAction = document.deepCopy();
        ((ObjectNode) badAction.at("/operations/publishLedgerEvents")).put("action", "publish");
        assertThat(official.validate(badAction)).isNotEmpty();
    }

    @Test
    void describesTheTopicAndEveryPublishedTypeWithItsSchema() {
        assertThat(document.at("/channels/ledgerEvents/address").asText()).isEqualTo(Topics.LEDGER_EVENTS);
        JsonNode messages = document.at("/components/messages");
        Set<String> types = new HashSet<>();
        for (String type : EventTypes.names()) {
            String name = EventTypes.classOf(type).orElseThrow().getSimpleName();
            JsonNode message = messages.get(name);
            assertThat(message).as(type).isNotNull();
            assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asText()).isEqualTo(type);
            assertThat(message.at("/headers/allOf/1/properties/ce_dataschema/const").asText())
                    .isEqualTo(EventCodec.dataSchemaOf(type).toString());
            assertThat(message.at("/payload/schema/$ref").asText()).isEqualTo("schemas/" + ContractDocuments.schemaFileOf(type));
            assertThat(ContractDocuments.schema(ContractDocuments.schemaFileOf(type))).isPresent();
            assertThat(document.at("/channels/ledgerEvents/messages/" + name + "/$ref").asText())
                    .isEqualTo("#/components/messages/" + name);
            types.add(type);
        }
        assertThat(messages.size()).isEqualTo(EventTypes.names().size());
        assertThat(document.at("/operations/publishLedgerEvents/messages").size()).isEqualTo(types.size());
    }

    @Test
    void theHeaderSchemaOfEachMessageAcceptsTheHeadersTheCodecWrites() throws Exception {
        JsonNode common = document.at("/components/schemas/CloudEventHeaders");
        JsonSchemaFactory draft7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        long sequence = 0;
        for (LedgerEvent event : EventCodecTest.oneOfEach()) {
            ProducerRecord<String, byte[]> record = EventCodec.toRecord(Topics.LEDGER_EVENTS, new LedgerEnvelope(
                    "id-" + sequence, "Cadre", event.subjectId(), sequence++, Instant.parse("2023-09-15T08:00:00Z"),
                    "recorder-1", "corr-1", event));
            ObjectNode headers = new ObjectMapper().createObjectNode();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            ObjectNode schema = document.at("/components/messages/" + event.getClass().getSimpleName() + "/headers")
                    .deepCopy();
            ((ArrayNode) schema.get("allOf")).set(0, common);
            JsonSchema headerSchema = draft7.getSchema(schema, STRICT);
            Set<ValidationMessage> errors = headerSchema.validate(headers);
            assertThat(errors).as(headers.toString()).isEmpty();
            assertThat(record.key()).isEqualTo(headers.get("ce_subject").asText());

            ObjectNode otherType = headers.deepCopy();
            otherType.put("ce_type", "cn.ledger.something-else.v1");
            assertThat(headerSchema.validate(otherType)).isNotEmpty();
            ObjectNode noId = headers.deepCopy();
            noId.remove("ce_id");
            assertThat(headerSchema.validate(noId)).isNotEmpty();
        }
    }
}
