package cn.ledger.contract.text;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.ContractDocuments;
import cn.ledger.contract.EventTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Every free-text field of every published JSON Schema states the ledger's {@link TextRule}, and
 * the schema's verdict on a string agrees with the Java rule's — for strings drawn across Unicode:
 * unpaired surrogates, noncharacters, C0 and C1 controls, bidirectional controls, CJK, emoji and
 * other supplementary characters, combining marks, and lengths at and around each field's limit.
 * The one difference is NFC, which a pattern cannot express: a string the Java rule refuses only for
 * not being NFC is one the schema accepts.
 */
class SchemaTextRuleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().build();

    /** A string property of a published schema: where it is, its schema, the limit it states. */
    record TextField(String where, JsonNode schema, int maxLength) {
        JsonSchema compiled() {
            return COMPILED.computeIfAbsent(where, w -> FACTORY.getSchema(schema, CONFIG));
        }

        @Override
        public String toString() {
            return where;
        }
    }

    static final Map<String, JsonSchema> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();
    static final List<TextField> FIELDS = textFields();

    static List<TextField> textFields() {
        List<TextField> fields = new ArrayList<>();
        try {
            for (String type : EventTypes.names()) {
                JsonNode schema = JSON.readTree(ContractDocuments.schema(ContractDocuments.schemaFileOf(type)).orElseThrow());
                schema.get("properties").fields().forEachRemaining(p -> {
                    JsonNode property = p.getValue().has("items") ? p.getValue().get("items") : p.getValue();
                    if (TextRule.SCHEMA_PATTERN.equals(property.path("pattern").asText(null))) {
                        JsonNode only = JSON.createObjectNode().put("type", "string")
                                .put("pattern", property.get("pattern").asText())
                                .put("maxLength", property.get("maxLength").asInt());
                        fields.add(new TextField(type + "." + p.getKey(), only, property.get("maxLength").asInt()));
                    }
                });
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return fields;
    }

    @Example
    void everyStringPropertyThatIsNotAnEnumDateOrPeriodStatesTheRuleAndALimit() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String type : EventTypes.names()) {
            JsonNode schema = JSON.readTree(ContractDocuments.schema(ContractDocuments.schemaFileOf(type)).orElseThrow());
            assertThat(schema.get("description").asText()).as(type).contains("NFC", "maxLength");
            for (var it = schema.get("properties").fields(); it.hasNext(); ) {
                var p = it.next();
                JsonNode property = p.getValue().has("items") ? p.getValue().get("items") : p.getValue();
                if (!property.path("type").toString().contains("string") || property.has("enum")
                        || "date".equals(property.path("format").asText())) {
                    continue;
                }
                checked++;
                boolean period = p.getKey().equals("month") || p.getKey().equals("quarter");
                boolean ok = property.path("maxLength").isInt() && (period
                        ? property.path("pattern").asText().startsWith("^[0-9]{4}-")
                        : TextRule.SCHEMA_PATTERN.equals(property.path("pattern").asText()));
                if (!ok) {
                    missing.add(type + "." + p.getKey());
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(checked).isGreaterThan(60);
        assertThat(FIELDS).hasSizeGreaterThan(50);
    }

    @Example
    void theIssuesFirstExampleIsRefusedByBoth() {
        TextField summary = FIELDS.stream().filter(f -> f.where().endsWith("negative-entry-recorded.v1.summary"))
                .findFirst().orElseThrow();
        assertThat(schemaAccepts(summary, "x \ud800")).isFalse();
        assertThat(TextRule.accepts("x \ud800", summary.maxLength())).isFalse();
        assertThat(schemaAccepts(summary, "督查发现问题\n")).as("a final line break").isFalse();
        assertThat(schemaAccepts(summary, "督查发现问题 😀")).isTrue();
    }

    @Property(tries = 3000, seed = "20261204")
    void theSchemaAndTheJavaRuleAgree(@ForAll("fields") TextField field, @ForAll("texts") String text) {
        Optional<String> problem = TextRule.problem(text, field.maxLength());
        boolean onlyNotNfc = problem.filter(p -> p.contains("NFC")).isPresent();
        boolean expected = problem.isEmpty() || onlyNotNfc;
        assertThat(schemaAccepts(field, text))
                .as("%s on %s (Java rule: %s)", field, describe(text), problem.orElse("accepted"))
                .isEqualTo(expected);
        if (onlyNotNfc) {
            assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).isFalse();
        }
    }

    @Property(tries = 300, seed = "20261205")
    void textAroundEachLimitIsJudgedAlikeByBoth(@ForAll("fields") TextField field, @ForAll("limits") Tuple.Tuple2<Integer, String> around) {
        int length = Math.max(0, field.maxLength() + around.get1());
        String unit = around.get2();
        String text = unit.repeat(length);
        assertThat(schemaAccepts(field, text)).as("%s, %d × %s", field, length, describe(unit))
                .isEqualTo(TextRule.accepts(text, field.maxLength()))
                .isEqualTo(length <= field.maxLength());
    }

    static boolean schemaAccepts(TextField field, String text) {
        return field.compiled().validate(new TextNode(text)).isEmpty();
    }

    @Provide
    Arbitrary<TextField> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, String>> limits() {
        return Arbitraries.integers().between(-2, 2)
                .flatMap(delta -> Arbitraries.of("a", "长", "😀", "𠀀", "é").map(u -> Tuple.of(delta, u)));
    }

    /** Strings made of pieces from every category the rule cares about, mostly short, some very long. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, codePoints('a', 'z')),
                Tuple.of(6, codePoints(0x4E00, 0x9FFF)),                // CJK
                Tuple.of(3, codePoints(0x1F300, 0x1FAFF)),              // emoji
                Tuple.of(2, codePoints(0x20000, 0x2A6DF)),              // CJK extension B (supplementary)
                Tuple.of(3, codePoints(0x0300, 0x036F)),                // combining marks
                Tuple.of(2, codePoints(0x1100, 0x11FF)),                // conjoining jamo (NFC composes them)
                Tuple.of(2, codePoints(0x0000, 0x001F)),                // C0
                Tuple.of(2, codePoints(0x007F, 0x009F)),                // DEL, C1
                Tuple.of(2, Arbitraries.of(0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069)
                        .map(SchemaTextRuleTest::of)),            // bidi controls
                Tuple.of(2, Arbitraries.of(0x200E, 0x200F, 0x2028, 0x2029, 0x2065, 0x206A, 0x2029, 0x202F, 0xFDCF,
                        0xFDF0, 0xFFFD, 0xFEFF, 0x00A0, 0x00A9, 0x1FFFD, 0x10FFFD, 0xE000)
                        .map(SchemaTextRuleTest::of)),            // just outside the excluded ranges
                Tuple.of(2, codePoints(0xFDD0, 0xFDEF)),                // noncharacters
                Tuple.of(2, Arbitraries.integers().between(0, 0x10).flatMap(plane ->
                        Arbitraries.of(0xFFFE, 0xFFFF).map(last -> of((plane << 16) | last)))),
                Tuple.of(2, Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf)), // lone surrogates
                Tuple.of(1, Arbitraries.integers().between(0, 0x10FFFF).map(SchemaTextRuleTest::unit)),
                Tuple.of(1, Arbitraries.of("\r\n", "\n", "\u0085", "e\u0301", "\uD83D\uDE00")));
        Arbitrary<String> shortText = piece.list().ofMaxSize(40).map(pieces -> String.join("", pieces));
        Arbitrary<String> longText = Arbitraries.integers().between(1990, 2110).flatMap(n ->
                piece.map(tail -> "长".repeat(n) + tail));
        return Arbitraries.frequencyOf(Tuple.of(9, shortText), Tuple.of(1, longText));
    }

    static Arbitrary<String> codePoints(int first, int last) {
        return Arbitraries.integers().between(first, last).map(SchemaTextRuleTest::of);
    }

    static String of(int codePoint) {
        return new String(Character.toChars(codePoint));
    }

    /** Any code point; a surrogate code point as the lone UTF-16 unit it is. */
    static String unit(int codePoint) {
        return codePoint <= 0xFFFF ? String.valueOf((char) codePoint) : of(codePoint);
    }

    static String describe(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().limit(60).forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                : String.format("\\u%04X", c)));
        return out + (text.length() > 60 ? "… (" + text.length() + " units)" : "");
    }
}
