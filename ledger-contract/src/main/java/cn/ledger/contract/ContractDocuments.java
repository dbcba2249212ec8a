package cn.ledger.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The published documents of the contract, kept beside the records they describe: a JSON Schema
 * (draft 2020-12) per event type under {@code contract/schemas/} and the AsyncAPI 3.0 document of
 * {@code ledger.events} at {@code contract/asyncapi.yaml}, both on the classpath of this module.
 */
public final class ContractDocuments {

    public static final String ASYNCAPI = "contract/asyncapi.yaml";
    public static final String SCHEMA_FOLDER = "contract/schemas/";

    private ContractDocuments() {}

    /** The file name of a type's schema, e.g. {@code negative-entry-recorded.v1.json}. */
    public static String schemaFileOf(String type) {
        String urn = EventCodec.dataSchemaOf(type).toString();
        return urn.substring(EventCodec.DATASCHEMA_PREFIX.length()) + ".json";
    }

    /** Every published type with the file name of its schema, in the order of {@link EventTypes#names()}. */
    public static Map<String, String> schemaFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        EventTypes.names().forEach(type -> files.put(type, schemaFileOf(type)));
        return files;
    }

    /** A schema by its file name; empty unless the name is one of {@link #schemaFiles()}. */
    public static Optional<byte[]> schema(String fileName) {
        if (!schemaFiles().containsValue(fileName)) {
            return Optional.empty();
        }
        return Optional.of(read(SCHEMA_FOLDER + fileName));
    }

    public static byte[] asyncApi() {
        return read(ASYNCAPI);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ContractDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing contract document " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
