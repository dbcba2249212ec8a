package cn.ledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/** Validates event JSON against the schema a {@code ce_dataschema} URN names, loaded from this module's classpath. */
final class SchemaValidation {

    static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.add(SchemaValidation::onClasspath)));

    private SchemaValidation() {}

    static AbsoluteIri onClasspath(AbsoluteIri iri) {
        String value = iri.toString();
        if (!value.startsWith(EventCodec.DATASCHEMA_PREFIX)) {
            return null;
        }
        return AbsoluteIri.of("classpath:" + ContractDocuments.SCHEMA_FOLDER
                + value.substring(EventCodec.DATASCHEMA_PREFIX.length()) + ".json");
    }

    static JsonSchema schemaNamed(String dataSchema) {
        return FACTORY.getSchema(SchemaLocation.of(dataSchema), STRICT);
    }

    static Set<ValidationMessage> validate(String dataSchema, JsonNode json) {
        return schemaNamed(dataSchema).validate(json);
    }
}
