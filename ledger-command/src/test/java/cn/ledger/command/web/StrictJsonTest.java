package cn.ledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StrictJsonTest {

    static final JsonMapper MAPPER = StrictJson.configure(JsonMapper.builder(
            StrictJson.configure(tools.jackson.core.json.JsonFactory.builder()).build())).build();

    record Body(String summary, List<String> evidence, BigDecimal points, Integer count, LocalDate effectiveDate) {}

    static List<String> fieldsAtFault(String json) {
        Throwable failure = catchThrowable(() -> MAPPER.readValue(json, Body.class));
        assertThat(failure).as(json).isNotNull();
        return cn.ledger.security.web.LedgerProblemHandler.fieldAtFault(failure).stream().map(cn.ledger.security.web.Problems.FieldError::field).toList();
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingIt() {
        assertThat(fieldsAtFault("{\"summary\":\"a\",\"count\":1,\"summary\":\"b\"}")).containsExactly("summary");
    }

    @Test
    void numbersThatWouldChangeAreRefusedNamingTheField() {
        assertThat(fieldsAtFault("{\"count\":1.5}")).containsExactly("count");
        assertThat(fieldsAtFault("{\"count\":1e400}")).containsExactly("count");
        assertThat(fieldsAtFault("{\"count\":3000000000}")).containsExactly("count");
        assertThat(fieldsAtFault("{\"points\":1e-2147483649}")).containsExactly("points");
        assertThat(fieldsAtFault("{\"count\":1" + "0".repeat(2000) + "}")).containsExactly("count");
    }

    @Test
    void decimalsKeepTheirExactValue() {
        Body body = MAPPER.readValue("{\"points\":1e-400,\"count\":2}", Body.class);
        assertThat(body.points()).isEqualByComparingTo(new BigDecimal("1E-400"));
        String precise = "0." + "0".repeat(5000) + "1";
        assertThat(MAPPER.readValue("{\"points\":" + precise + "}", Body.class).points())
                .as("left for @Digits to refuse naming the field").isEqualByComparingTo(new BigDecimal(precise));
        assertThat(body.count()).isEqualTo(2);
    }

    @Test
    void datesOutsideTheLedgersRangeOrMalformedAreRefusedNamingTheField() {
        assertThat(fieldsAtFault("{\"effectiveDate\":\"1899-12-31\"}")).containsExactly("effectiveDate");
        assertThat(fieldsAtFault("{\"effectiveDate\":\"2201-01-01\"}")).containsExactly("effectiveDate");
        assertThat(fieldsAtFault("{\"effectiveDate\":\"+999999999-12-31\"}")).containsExactly("effectiveDate");
        assertThat(fieldsAtFault("{\"effectiveDate\":\"2023-02-30\"}")).containsExactly("effectiveDate");
        assertThat(fieldsAtFault("{\"effectiveDate\":20230901}")).containsExactly("effectiveDate");
        assertThat(MAPPER.readValue("{\"effectiveDate\":\"1900-01-01\"}", Body.class).effectiveDate())
                .isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(MAPPER.readValue("{\"effectiveDate\":\"2200-12-31\"}", Body.class).effectiveDate())
                .isEqualTo(LocalDate.of(2200, 12, 31));
    }

    @Test
    void everyStringIsNormalisedToNfcAndMalformedTextIsLeftForTheRuleToRefuse() {
        Body body = MAPPER.readValue("{\"summary\":\"Cafe\\u0301\",\"evidence\":[\"e\\u0301\"]}", Body.class);
        assertThat(body.summary()).isEqualTo("Caf\u00E9");
        assertThat(body.evidence()).containsExactly("\u00E9");
        assertThat(MAPPER.readValue("{\"summary\":\"x \\ud800\"}", Body.class).summary()).isEqualTo("x \ud800");
    }
}
