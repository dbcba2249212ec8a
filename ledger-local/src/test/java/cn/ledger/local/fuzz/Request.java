package cn.ledger.local.fuzz;

import cn.ledger.local.fuzz.ApiModel.Operation;
import cn.ledger.local.fuzz.Inputs.Breakage;
import cn.ledger.local.fuzz.Inputs.Breaking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One generated request, ready to send: who sends it, where, with what. */
record Request(Operation op, Caller caller, String method, String url, String body, String breakage,
        String mustBeRefused) {

    /** Number tokens no decimal or double the ledger stores can hold as written. */
    static final List<String> UNREPRESENTABLE = List.of("1e-400", "1e400", "1.7976931348623157e309", "1e2147483648",
            "0.1e-2147483648");

    /** A caller: a token's subject, roles and scope (or no token at all). */
    record Caller(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Valid values before anything is broken. */
    record Draft(Operation op, Map<String, String> path, List<Map.Entry<String, String>> query, Json body) {}

    static Request of(Draft draft, Caller caller, Breaking breaking, Inputs.Pools pools) {
        Operation op = draft.op();
        Map<String, String> path = new LinkedHashMap<>(draft.path());
        List<Map.Entry<String, String>> query = new ArrayList<>(draft.query());
        Json body = draft.body();
        String rawBody = null;
        String what = breaking.kind().name();
        String refuse = null;

        List<String> pathNames = new ArrayList<>(path.keySet());
        List<String> queryNames = op.in("query").stream().map(ApiModel.Param::name).toList();
        int bodyMembers = body instanceof Json.Obj o ? o.members().size() : 0;
        int slots = pathNames.size() + queryNames.size() + bodyMembers;
        int slot = slots == 0 ? -1 : breaking.slot() % slots;
        int choice = breaking.choice();
        Breakage kind = breaking.kind();

        if (kind == Breakage.NONE) {
            what = "valid";
        } else if (kind == Breakage.NOT_JSON && op.bodySchema() != null) {
            rawBody = pick(Inputs.NOT_JSON, choice);
            what += " body";
        } else if (kind == Breakage.DEEP_NESTING && op.bodySchema() != null && slot < pathNames.size() + queryNames.size()) {
            int depth = 1_000 + 1_000 * (choice % 20);
            rawBody = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            what += " body " + depth;
        } else if (slot >= 0 && slot < pathNames.size()) {
            String name = pathNames.get(slot);
            path.put(name, brokenParam(kind, choice, path.get(name), pools));
            what += " path " + name;
        } else if (slot >= 0 && slot < pathNames.size() + queryNames.size()) {
            String name = queryNames.get(slot - pathNames.size());
            int at = indexOf(query, name);
            if (kind == Breakage.MISSING) {
                if (at >= 0) {
                    query.remove(at);
                }
            } else if (kind == Breakage.DUPLICATE_KEY) {
                query.add(Map.entry(name, at >= 0 ? query.get(at).getValue() + "x" : "x"));
                query.add(Map.entry(name, "1"));
            } else {
                String value = brokenParam(kind, choice, at >= 0 ? query.get(at).getValue() : "", pools);
                if (at >= 0) {
                    query.set(at, Map.entry(name, value));
                } else {
                    query.add(Map.entry(name, value));
                }
            }
            what += " query " + name;
        } else if (slot >= 0 && body instanceof Json.Obj obj) {
            int member = slot - pathNames.size() - queryNames.size();
            String name = obj.members().get(member).getKey();
            Json value = obj.members().get(member).getValue();
            if (kind == Breakage.DUPLICATE_KEY) {
                refuse = "a body with a duplicate key (" + name + ")";
            }
            if (kind == Breakage.NUMBER_EXTREME && value instanceof Json.Num
                    && UNREPRESENTABLE.contains(pick(Inputs.NUMBER_EXTREME, choice))) {
                refuse = "a number outside the representable range (" + name + ": " + pick(Inputs.NUMBER_EXTREME, choice) + ")";
            }
            body = switch (kind) {
                case MISSING -> obj.without(member);
                case EXTRA_FIELD -> obj.plus(pick(List.of("unexpected", "recordedBy", "sequenceNumber", "__proto__",
                        "@class"), choice), new Json.Str("x"));
                case DUPLICATE_KEY -> obj.plus(name, value instanceof Json.Str s
                        ? new Json.Str(s.value().isEmpty() ? "x" : s.value() + "2") : new Json.Num("3"));
                case DEEP_NESTING -> {
                    int depth = 500 + 1_000 * (choice % 20);
                    yield obj.with(member, new Json.Raw("[".repeat(depth) + "]".repeat(depth)));
                }
                case WRONG_TYPE -> obj.with(member, pick(wrongTypes(value), choice));
                case NUMBER_EXTREME -> obj.with(member, new Json.Num(pick(Inputs.NUMBER_EXTREME, choice)));
                default -> obj.with(member, new Json.Str(brokenParam(kind, choice, value instanceof Json.Str s
                        ? s.value() : value.text(), pools)));
            };
            what += " body " + name;
        } else {
            what = "valid (nothing to break)";
        }

        StringBuilder url = new StringBuilder(op.baseUrl());
        String template = op.path();
        for (Map.Entry<String, String> p : path.entrySet()) {
            template = template.replace("{" + p.getKey() + "}", Inputs.encode(p.getValue()));
        }
        url.append(template);
        for (int i = 0; i < query.size(); i++) {
            url.append(i == 0 ? '?' : '&').append(Inputs.encode(query.get(i).getKey())).append('=')
                    .append(Inputs.encode(query.get(i).getValue()));
        }
        String text = rawBody != null ? rawBody : body == null ? null : body.text();
        if (text == null && op.method().equals("POST") && op.bodySchema() != null) {
            text = "";
        }
        return new Request(op, null, op.method(), url.toString(), text, what, refuse);
    }

    Request by(Caller who) {
        return new Request(op, who, method, url, body, breakage, mustBeRefused);
    }

    private static String brokenParam(Breakage kind, int choice, String valid, Inputs.Pools pools) {
        return switch (kind) {
            case HOSTILE_TEXT -> choice % 3 == 0 ? valid + pick(Inputs.HOSTILE_TEXT, choice / 3)
                    : pick(Inputs.HOSTILE_TEXT, choice);
            case LONG_TEXT -> pick(Inputs.LONG_TEXT, choice);
            case NUMBER_EXTREME -> pick(Inputs.NUMBER_EXTREME, choice).replace("\"", "");
            case DATE_EXTREME -> pick(Inputs.DATE_EXTREME, choice);
            case UNKNOWN_ENUM -> pick(Inputs.UNKNOWN_ENUM, choice);
            case OTHER_SCOPE_ID -> pick(pools.otherScope(), choice);
            case UNKNOWN_ID -> pick(List.of("fz-nobody", "0", "-1", "null", "%2e%2e", "a/b", "*"), choice);
            case MISSING -> "";
            case WRONG_TYPE -> pick(List.of("true", "[]", "{}", "1.5", "abc"), choice);
            case DUPLICATE_KEY, EXTRA_FIELD -> valid + "," + valid;
            case DEEP_NESTING -> "[".repeat(500 + choice * 10);
            case NOT_JSON, NONE -> valid;
        };
    }

    private static List<Json> wrongTypes(Json value) {
        List<Json> wrong = new ArrayList<>(List.of(new Json.Null(), new Json.Obj(List.of()), new Json.Arr(List.of())));
        if (value instanceof Json.Str s) {
            wrong.add(new Json.Num("1"));
            wrong.add(new Json.Bool(true));
            wrong.add(new Json.Arr(List.of(s)));
        } else if (value instanceof Json.Num num) {
            wrong.add(new Json.Str("abc"));
            wrong.add(new Json.Str(num.token()));
            wrong.add(new Json.Bool(false));
        } else {
            wrong.add(new Json.Str("x"));
            wrong.add(new Json.Num("1"));
        }
        return wrong;
    }

    private static int indexOf(List<Map.Entry<String, String>> query, String name) {
        for (int i = 0; i < query.size(); i++) {
            if (query.get(i).getKey().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static <T> T pick(List<T> list, int choice) {
        return list.get(Math.floorMod(choice, list.size()));
    }

    /** The request as a reproduction: method, URL, caller, body (long ones abbreviated). */
    @Override
    public String toString() {
 return method + " " + abbreviate(url.replace(op.baseUrl(), "")) + " [" + op.service() + ", caller " + caller + ", "
                + breakage + "]" + (body == null ? "" : " body " + abbreviate(body));
    }

    static String abbreviate(String s) {
        if (s.length() <= 400) {
            return s;
        }
        return s.substring(0, 200) + "…(" + s.length() + " chars)…" + s.substring(s.length() - 100);
    }
}
