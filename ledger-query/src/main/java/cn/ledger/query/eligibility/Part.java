package cn.ledger.query.eligibility;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A structured piece of an outcome's parameters (a sanction with its period, a year's grade, a record
 * not counted, …), rendered by its own sentence in the catalogue. In JSON: an object with its
 * {@code code} and its parameters.
 */
public record Part(OutcomeCode code, Map<String, Object> params) {

    public Part {
        Objects.requireNonNull(code, "code");
        if (!code.isPart()) {
            throw new IllegalArgumentException(code.code() + " is an outcome, not a part");
        }
        code.check(params);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code.code());
        json.putAll(params);
        return json;
    }
}
