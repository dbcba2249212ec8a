package cn.ledger.command.importing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of an import sheet: its Chinese header, the field it fills (named as in the API), its type, whether
 * it must be filled, and for a choice the allowed labels (each mapped to the API's code; the code is accepted too).
 */
record Column(String field, String header, Type type, boolean required, int maxLength, Map<String, String> choices) {

    enum Type { TEXT, ID, DATE, INTEGER, DECIMAL, CHOICE }

    static Column text(String field, String header, boolean required, int maxLength) {
        return new Column(field, header, Type.TEXT, required, maxLength, Map.of());
    }

    static Column id(String field, String header, boolean required) {
        return new Column(field, header, Type.ID, required, 64, Map.of());
    }

    static Column date(String field, String header, boolean required) {
        return new Column(field, header, Type.DATE, required, 0, Map.of());
    }

    static Column integer(String field, String header, boolean required) {
        return new Column(field, header, Type.INTEGER, required, 0, Map.of());
    }

    static Column decimal(String field, String header, boolean required) {
        return new Column(field, header, Type.DECIMAL, required, 0, Map.of());
    }

    static <E extends Enum<E>> Column choice(String field, String header, boolean required, Map<E, String> labels) {
        Map<String, String> choices = new LinkedHashMap<>();
        labels.forEach((code, label) -> choices.put(label, code.name()));
        return new Column(field, header, Type.CHOICE, required, 0, choices);
    }

    /** A choice among fixed texts, each its own code. */
    static Column oneOf(String field, String header, boolean required, List<String> values) {
        Map<String, String> choices = new LinkedHashMap<>();
        values.forEach(value -> choices.put(value, value));
        return new Column(field, header, Type.CHOICE, required, 0, choices);
    }

    /** The labels offered in the template's drop-down list. */
    List<String> labels() {
        return List.copyOf(choices.keySet());
    }
}
