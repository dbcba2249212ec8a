package cn.ledger.command.contract;

import cn.ledger.security.web.NotFound;
import cn.ledger.contract.ContractDocuments;
import cn.ledger.contract.EventCodec;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The published event contract of {@code ledger.events}, read-only and public: the AsyncAPI document
 * and the JSON Schema of every event type, as kept in ledger-contract. A schema's {@code $id} (and
 * the {@code ce_dataschema} of its events) is {@code urn:ledger:schema:<name>}; it is served here at
 * {@code /api/v1/contract/schemas/<name>.json}, which is also where the AsyncAPI document's relative
 * {@code $ref}s point.
 */
@RestController
@RequestMapping("/api/v1/contract")
public class ContractController {

    public static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    /** One published type and where its schema is. */
    public record SchemaLink(String type, String dataschema, String url) {}

    @GetMapping(value = "/asyncapi.yaml", produces = "application/yaml")
    @Operation(summary = "The AsyncAPI 3.0 document of the topic ledger.events")
    public ResponseEntity<byte[]> asyncApi() {
        return ResponseEntity.ok().cacheControl(CACHE).contentType(MediaType.parseMediaType("application/yaml"))
                .body(ContractDocuments.asyncApi());
    }

    @GetMapping(value = "/schemas", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every published event type with its ce_dataschema and the URL of its JSON Schema")
    public ResponseEntity<List<SchemaLink>> schemas() {
        List<SchemaLink> links = ContractDocuments.schemaFiles().entrySet().stream()
                .map(e -> new SchemaLink(e.getKey(), EventCodec.dataSchemaOf(e.getKey()).toString(),
                        "/api/v1/contract/schemas/" + e.getValue()))
                .toList();
        return ResponseEntity.ok().cacheControl(CACHE).body(links);
    }

    @GetMapping("/schemas/{name}")
    @Operation(summary = "The JSON Schema (draft 2020-12) of one event type, e.g. negative-entry-recorded.v1.json")
    public ResponseEntity<byte[]> schema(@PathVariable String name) {
        String file = name.endsWith(".json") ? name : name + ".json";
        byte[] schema = ContractDocuments.schema(file)
                .orElseThrow(() -> new NotFound("name", "no published event schema named " + name));
        return ResponseEntity.ok().cacheControl(CACHE).contentType(SCHEMA_JSON).body(schema);
    }
}
