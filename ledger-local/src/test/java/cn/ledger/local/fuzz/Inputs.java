package cn.ledger.local.fuzz;

import cn.ledger.local.fuzz.ApiModel.Operation;
import cn.ledger.local.fuzz.ApiModel.Param;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Requests generated from an endpoint's OpenAPI description: valid ones (ids that exist, dates in range,
 * enum values) and the same broken in one place by one class of hostile input. Every list here is
 * ordered simplest first, which is where jqwik shrinks to.
 */
final class Inputs {

    /** What breaks a request, in one place ({@code slot}): a body member, a path or a query parameter. */
    enum Breakage {
        NONE, HOSTILE_TEXT, LONG_TEXT, NUMBER_EXTREME, DATE_EXTREME, WRONG_TYPE, MISSING, EXTRA_FIELD,
        DUPLICATE_KEY, UNKNOWN_ENUM, OTHER_SCOPE_ID, UNKNOWN_ID, DEEP_NESTING, NOT_JSON
    }

    /** Text from every Unicode category that has broken something somewhere. */
    static final List<String> HOSTILE_TEXT = List.of(
            "", " ", "x \ud800", "\udc00", "\ud83d", "a\ud800b\udfff", "\ufffe", "\uffff", "\ufdd0", "\u0000",
            "x\u0000y", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u202ex", "\u2066x\u2069", "\u200b",
            "\ufeff", "e\u0301", "\u0301", "\u0301\u0301\u0301\u0301", "安宁区", "\ud83d\ude00", "\ud840\udc0b",
            "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "%00", "${jndi:ldap://x}",
            "\\", "\"", "\t\n\r");

    static final List<String> LONG_TEXT = List.of("x".repeat(10_001), "安".repeat(5_000), "a".repeat(65), "x".repeat(4_500),
            "e\u0301".repeat(6_000), "\ud800".repeat(10_001), "x".repeat(100_000));

    static final List<String> NUMBER_EXTREME = List.of("1e-400", "1e400", "-0", "-0.0", "0", "-1",
            "123456789012345678901234567890", "-123456789012345678901234567890", "9223372036854775808",
            "2147483648", "1.7976931348623157e309", "4.9e-324", "1e2147483648", "0.1e-2147483648",
            "1." + "1".repeat(2000), "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"");

    static final List<String> DATE_EXTREME = List.of("+999999999-12-31", "-999999999-01-01",
            "-1000000000-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z", "0000-01", "0000-01-01", "9999-12-31",
            "1900-01-01", "2200-12-31", "2023-02-30", "2023-13-01", "2023-Q5", "+10000-01-01", "1582-10-10",
            "2023-09-10T25:00:00Z", "-0001-12-31", "P1D", "now", "2023-9-1");

    static final List<String> UNKNOWN_ENUM = List.of("NOT_A_KIND", "", "positive", "POSITIVE ", "null");

    static final List<String> NOT_JSON = List.of("", "{", "[]", "null", "\"text\"", "{\"a\":", "<xml/>",
            "{}{}", "\u0000", "{'a':1}");

    /** Ids the seeded district holds, by the name of the field or parameter that takes them. */
    record Pools(Map<String, List<String>> byName, List<String> otherScope, List<String> schemaNames) {

        List<String> idsFor(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, List<String>> e : byName.entrySet()) {
                if (n.equals(e.getKey().toLowerCase(Locale.ROOT))) {
                    return e.getValue();
                }
            }
            if (n.endsWith("unitid")) {
                return byName.get("unitId");
            }
            if (n.endsWith("cadreid")) {
                return byName.get("cadreId");
            }
            if (n.endsWith("recordid")) {
                return byName.get("recordId");
            }
            return null;
        }
    }

    record Breaking(Breakage kind, int slot, int choice) {}

    private final Pools pools;

    Inputs(Pools pools) {
        this.pools = pools;
    }

    Arbitrary<Breaking> breaking() {
        return Combinators.combine(
                // valid requests a quarter of the time (so that commands are accepted and projected), text
                // from the hostile Unicode categories most often among the rest
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(25, Arbitraries.just(Breakage.NONE)),
                        net.jqwik.api.Tuple.of(30, Arbitraries.just(Breakage.HOSTILE_TEXT)),
                        net.jqwik.api.Tuple.of(45, Arbitraries.of(Breakage.values()))),
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 200)).as(Breaking::new);
    }

    /** A request to this endpoint: valid values for every parameter and member, then one breakage. */
    Arbitrary<Request.Draft> draft(Operation op) {
        List<Arbitrary<String>> path = op.in("path").stream().map(p -> validParam(p)).toList();
        List<Param> queryParams = op.in("query");
        List<Arbitrary<String>> query = queryParams.stream()
                .map(p -> p.required() ? validParam(p) : Arbitraries.oneOf(validParam(p), Arbitraries.just((String) null)))
                .toList();
        Arbitrary<Json> body = op.bodySchema() == null ? Arbitraries.just((Json) null)
                : valid("body", op.bodySchema(), op, 0);
        return Combinators.combine(
                path.isEmpty() ? Arbitraries.just(List.<String>of()) : Combinators.combine(path).as(l -> l),
                query.isEmpty() ? Arbitraries.just(List.<String>of()) : Combinators.combine(query).as(l -> l),
                body).as((ps, qs, b) -> {
                    Map<String, String> pathValues = new LinkedHashMap<>();
                    for (int i = 0; i < ps.size(); i++) {
                        pathValues.put(op.in("path").get(i).name(), ps.get(i));
                    }
                    List<Map.Entry<String, String>> queryValues = new ArrayList<>();
                    for (int i = 0; i < qs.size(); i++) {
                        if (qs.get(i) != null) {
                            queryValues.add(Map.entry(queryParams.get(i).name(), qs.get(i)));
                        }
                    }
                    return new Request.Draft(op, pathValues, queryValues, b);
                });
    }

    private Arbitrary<String> validParam(Param p) {
        return valid(p.name(), p.schema(), null, 0).map(j -> j instanceof Json.Str s ? s.value() : j.text());
    }

    /** A valid value for a member or parameter, by its schema and, where the schema says little, its name. */
    Arbitrary<Json> valid(String name, JsonNode rawSchema, Operation op, int depth) {
        JsonNode schema = op == null ? rawSchema : op.resolve(rawSchema);
        String n = name.toLowerCase(Locale.ROOT);
        String type = ApiModel.type(schema);
        if (schema != null && schema.has("enum")) {
            List<Json> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.isTextual() ? new Json.Str(v.asText()) : new Json.Num(v.asText())));
            return Arbitraries.of(values);
        }
        if (op != null && op.path().endsWith("/units") && n.equals("unitid")
                || op != null && op.path().endsWith("/cadres") && n.equals("cadreid")) {
            // a registration names a new id
            return Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(10).map(s -> new Json.Str("fz-" + s));
        }
        List<String> ids = pools.idsFor(name);
        if (ids != null && type.equals("string")) {
            return Arbitraries.of(ids).map(Json.Str::new);
        }
        if (n.equals("name") && op == null) {
            return Arbitraries.of(pools.schemaNames()).map(Json.Str::new);
        }
        String format = schema == null ? "" : schema.path("format").asText("");
        switch (type) {
            case "object" -> {
                if (depth > 4 || schema == null || !schema.has("properties")) {
                    return Arbitraries.just(new Json.Obj(List.of()));
                }
                List<String> names = new ArrayList<>();
                List<Arbitrary<Json>> values = new ArrayList<>();
                java.util.Set<String> required = new java.util.HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                schema.get("properties").fields().forEachRemaining(e -> {
                    names.add(e.getKey());
                    Arbitrary<Json> value = valid(e.getKey(), e.getValue(), op, depth + 1);
                    // an optional member is left out half of the time (some only fit some kinds of record)
                    values.add(required.contains(e.getKey()) ? value
                            : Arbitraries.oneOf(value, Arbitraries.just((Json) null)));
                });
                if (names.isEmpty()) {
                    return Arbitraries.just(new Json.Obj(List.of()));
                }
                return Combinators.combine(values).as(vs -> {
                    List<Map.Entry<String, Json>> members = new ArrayList<>();
                    for (int i = 0; i < vs.size(); i++) {
                        if (vs.get(i) != null) {
                            members.add(Map.entry(names.get(i), vs.get(i)));
                        }
                    }
                    return new Json.Obj(members);
                });
            }
            case "array" -> {
                return valid(name, schema.path("items"), op, depth + 1).list().ofMaxSize(2).map(Json.Arr::new);
            }
            case "boolean" -> {
                return Arbitraries.of(true, false).map(Json.Bool::new);
            }
            case "integer" -> {
                if (n.contains("year") && !n.contains("years")) {
                    return Arbitraries.integers().between(2020, 2024).map(i -> new Json.Num(Integer.toString(i)));
                }
                if (n.equals("limit")) {
                    return Arbitraries.integers().between(1, 100).map(i -> new Json.Num(Integer.toString(i)));
                }
                if (n.contains("sequence")) {
                    return Arbitraries.integers().between(-1, 5).map(i -> new Json.Num(Integer.toString(i)));
                }
                return Arbitraries.integers().between(0, 5).map(i -> new Json.Num(Integer.toString(i)));
            }
            case "number" -> {
                if (n.contains("score")) {
                    return Arbitraries.integers().between(0, 200).map(i -> new Json.Num(i / 2 + (i % 2 == 0 ? "" : ".5")));
                }
                return Arbitraries.integers().between(1, 20).map(i -> new Json.Num(i / 2 + (i % 2 == 0 ? "" : ".5")));
            }
            default -> {
                return validText(n, format).map(Json.Str::new);
            }
        }
    }

    private Arbitrary<String> validText(String n, String format) {
        if (format.equals("date-time") || n.equals("knownat")) {
            return Arbitraries.of("2024-01-01T00:00:00Z", "2023-09-10T08:00:00Z", "2030-01-01T00:00:00Z");
        }
        if (format.equals("date") || n.endsWith("date") || n.endsWith("since") || n.equals("asof") || n.equals("from")
                || n.equals("to")) {
            return Arbitraries.integers().between(0, 1500).map(d -> java.time.LocalDate.of(2021, 1, 1).plusDays(d).toString());
        }
        if (n.contains("month")) {
            return Arbitraries.of("2023-09", "2023-10", "2024-01");
        }
        if (n.contains("quarter")) {
            return Arbitraries.of("2023-Q3", "2024-Q1");
        }
        if (n.equals("user")) {
            return Arbitraries.of("reviewer", "recorder", "admin", "nobody");
        }
        if (n.equals("aspect")) {
            return Arbitraries.of("项目双进", "基层党建", "平安建设", "经济运行", "优化营商环境");
        }
        if (n.equals("target") || n.contains("level")) {
            return Arbitraries.of("县处副", "乡科正");
        }
        if (n.equals("id")) {
            return Arbitraries.of("00000000-0000-0000-0000-000000000000", "1");
        }
        return Arbitraries.of("测试", "项目双进", "区委组织部", "Reason 1", "复核 ok");
    }

    /** Percent-encodes a parameter value as UTF-8; an unpaired surrogate as its three bytes (WTF-8). */
    static String encode(String value) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            byte[] bytes;
            if (Character.isSurrogate((char) cp) && cp <= 0xffff) {
                bytes = new byte[] {(byte) (0xe0 | (cp >> 12)), (byte) (0x80 | ((cp >> 6) & 0x3f)), (byte) (0x80 | (cp & 0x3f))};
            } else {
                bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            }
            for (byte x : bytes) {
                int u = x & 0xff;
                if (u < 0x80 && (Character.isLetterOrDigit(u) || "-._~".indexOf(u) >= 0)) {
                    b.append((char) u);
                } else {
                    b.append('%').append(String.format("%02X", u));
                }
            }
        }
        return b.toString();
    }
}
