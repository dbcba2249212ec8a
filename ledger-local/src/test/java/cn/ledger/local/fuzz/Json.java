package cn.ledger.local.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value written by hand, so that what a careless or hostile client sends can be sent: duplicate
 * keys, unpaired surrogates as {@code \ud800} escapes, number tokens no Java type holds, deep nesting.
 */
sealed interface Json {

    /** The JSON text. */
    String text();

    record Str(String value) implements Json {
        @Override
        public String text() {
            return quote(value);
        }
    }

    /** A number token exactly as written ({@code 1e400}, {@code -0}, a 40-digit integer). */
    record Num(String token) implements Json {
        @Override
        public String text() {
            return token;
        }
    }

    record Bool(boolean value) implements Json {
        @Override
        public String text() {
            return Boolean.toString(value);
        }
    }

    record Null() implements Json {
        @Override
        public String text() {
            return "null";
        }
    }

    record Arr(List<Json> items) implements Json {
        @Override
        public String text() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                b.append(i == 0 ? "" : ",").append(items.get(i).text());
            }
            return b.append(']').toString();
        }
    }

    /** An object whose members keep their order and may repeat a key. */
    record Obj(List<Map.Entry<String, Json>> members) implements Json {
        @Override
        public String text() {
            StringBuilder b = new StringBuilder("{");
            for (int i = 0; i < members.size(); i++) {
                b.append(i == 0 ? "" : ",").append(quote(members.get(i).getKey())).append(':')
                        .append(members.get(i).getValue().text());
            }
            return b.append('}').toString();
        }

        Obj with(int index, Json value) {
            List<Map.Entry<String, Json>> copy = new ArrayList<>(members);
            copy.set(index, Map.entry(members.get(index).getKey(), value));
            return new Obj(copy);
        }

        Obj without(int index) {
            List<Map.Entry<String, Json>> copy = new ArrayList<>(members);
            copy.remove(index);
            return new Obj(copy);
        }

        Obj plus(String key, Json value) {
            List<Map.Entry<String, Json>> copy = new ArrayList<>(members);
            copy.add(Map.entry(key, value));
            return new Obj(copy);
        }
    }

    /** Text that is not JSON, or is JSON built elsewhere. */
    record Raw(String text) implements Json {}

    /**
     * A JSON string literal. Controls (C0, DEL, C1) and every UTF-16 surrogate are written as
     * {@code \\uXXXX} escapes, so an unpaired surrogate reaches the server as the escape {@code \\ud800}
     * (which JSON allows and a careless parser turns into a lone surrogate) rather than as a byte
     * sequence the client's encoder would replace.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
