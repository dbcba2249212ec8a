package cn.ledger.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class RequestParamsTest {

    @Test
    void datesOutsideTheServedYearsNameTheParameter() {
        assertThat(RequestParams.date("asOf", LocalDate.of(1900, 1, 1))).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(RequestParams.date("asOf", LocalDate.of(2200, 12, 31))).isEqualTo(LocalDate.of(2200, 12, 31));
        assertThat(RequestParams.date("asOf", (LocalDate) null)).isNull();
        assertThatThrownBy(() -> RequestParams.date("asOf", LocalDate.of(999_999_999, 12, 31)))
                .isInstanceOfSatisfying(RequestParams.Invalid.class, e -> assertThat(e.parameter()).isEqualTo("asOf"))
                .hasMessageContaining("1900").hasMessageContaining("2200");
        assertThatThrownBy(() -> RequestParams.date("to", LocalDate.of(1899, 12, 31)))
                .isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.date("from", "+999999999-12-31")).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.date("from", "2023-02-30")).isInstanceOf(RequestParams.Invalid.class);
        assertThat(RequestParams.date("from", "2023-02-28")).isEqualTo(LocalDate.of(2023, 2, 28));
    }

    @Test
    void instantsOutsideTheServedYearsAreRefused() {
        assertThat(RequestParams.instant("knownAt", Instant.parse("2024-01-31T12:00:00Z"))).isNotNull();
        assertThat(RequestParams.instant("knownAt", Instant.parse("2200-12-31T23:59:59.999Z"))).isNotNull();
        assertThatThrownBy(() -> RequestParams.instant("knownAt", Instant.parse("-1000000000-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(RequestParams.Invalid.class, e -> assertThat(e.parameter()).isEqualTo("knownAt"));
        assertThatThrownBy(() -> RequestParams.instant("knownAt", Instant.parse("2201-01-01T00:00:00Z")))
                .isInstanceOf(RequestParams.Invalid.class);
    }

    @Test
    void monthsAndQuartersAreParsedWithinTheServedYears() {
        assertThat(RequestParams.month("month", "2023-09")).isEqualTo(YearMonth.of(2023, 9));
        assertThat(RequestParams.quarter("quarter", "2023-Q3")).isEqualTo(YearMonth.of(2023, 7));
        for (String bad : new String[] {"0000-01", "2023-13", "2023-00", "+2023-01", "2023-1", "９９９９-01", ""}) {
            assertThatThrownBy(() -> RequestParams.month("month", bad)).as(bad).isInstanceOf(RequestParams.Invalid.class);
        }
        for (String bad : new String[] {"0000-Q1", "2023-Q5", "2023-Q0", "2023Q1", "9999-Q4"}) {
            assertThatThrownBy(() -> RequestParams.quarter("quarter", bad)).as(bad)
                    .isInstanceOf(RequestParams.Invalid.class);
        }
        assertThatThrownBy(() -> RequestParams.month("month", null)).isInstanceOf(RequestParams.Invalid.class);
    }

    @Test
    void idsTextAndLimitsHaveCaps() {
        assertThat(RequestParams.id("issuedBy", "u".repeat(RequestParams.MAX_ID))).hasSize(RequestParams.MAX_ID);
        assertThat(RequestParams.id("issuedBy", null)).isNull();
        assertThatThrownBy(() -> RequestParams.id("issuedBy", "u".repeat(4500)))
                .isInstanceOfSatisfying(RequestParams.Invalid.class, e -> assertThat(e.parameter()).isEqualTo("issuedBy"));
        assertThatThrownBy(() -> RequestParams.id("unitId", "u1\u0000")).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.text("reason", "x".repeat(RequestParams.MAX_TEXT + 1)))
                .isInstanceOf(RequestParams.Invalid.class);
        assertThat(RequestParams.limit("limit", 1000, 1000)).isEqualTo(1000);
        assertThatThrownBy(() -> RequestParams.limit("limit", 1001, 1000)).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.limit("limit", 0, 1000)).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.page("page", -1, 10)).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> RequestParams.position("from", -1)).isInstanceOf(RequestParams.Invalid.class);
    }
}
