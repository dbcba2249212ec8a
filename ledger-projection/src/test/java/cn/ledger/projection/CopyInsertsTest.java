package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyInsertsTest {

    @Test
    void aPlainInsertOfParametersBecomesACopyOfItsColumns() {
        assertThat(CopyInserts.copyStatement("""
                INSERT INTO ledger_record (event_id, stream_id, payload, payload_original)
                VALUES (?, ?, CAST(? AS jsonb), ?)""")).contains(
                "COPY ledger_record (event_id, stream_id, payload, payload_original) FROM STDIN");
        assertThat(CopyInserts.copyStatement("insert into unit (unit_id, name) values (?, ?)"))
                .contains("COPY unit (unit_id, name) FROM STDIN");
    }

    @Test
    void anInsertThatDoesMoreThanAddRowsOfItsParametersStaysAnInsert() {
        for (String sql : List.of(
                "INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO NOTHING",
                "INSERT INTO t (a, b) VALUES (?, ?) RETURNING a",
                "INSERT INTO t AS x (a, b) VALUES (?, ?)",
                "INSERT INTO t (a, b, c) VALUES (?, ?, now())",
                "INSERT INTO t (a, b) VALUES (?, 'x')",
                "INSERT INTO t (a, b) VALUES (?, CAST(? AS date))",
                "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)",
                "INSERT INTO t (a, b) VALUES (?)",
                "INSERT INTO t VALUES (?, ?)",
                "INSERT INTO t (a, b) SELECT ?, ?",
                "UPDATE t SET a = ?")) {
            assertThat(CopyInserts.copyStatement(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void writesTextFormatWithEveryDelimiterEscaped() {
        byte[] data = CopyInserts.encode(List.<Object[]>of(
                new Object[] {"a\tb\\c\nd\re", null, "\\N", "'\"😀\u2028"},
                new Object[] {42, 7L, new BigDecimal("1E+3"), true},
                new Object[] {LocalDate.of(1, 1, 1), new byte[] {0, (byte) 0xff, 0x5c}, "", false}));
        assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(
                "a\\tb\\\\c\\nd\\re\t\\N\t\\\\N\t'\"😀\u2028\n"
                        + "42\t7\t1E+3\tt\n"
                        + "0001-01-01\t\\\\x00ff5c\t\tf\n");
    }

    @Test
    void leavesToTheBatchWhatItCannotWriteExactly() {
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {"a\u0000b"}))).isNull();
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {Instant.now()}))).isNull();
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {
            Timestamp.from(Instant.parse("2024-01-01T00:00:00.000000001Z"))}))).isNull();
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {
            Timestamp.from(Instant.parse("1500-01-01T00:00:00Z"))}))).as("before the Gregorian calendar").isNull();
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {LocalDate.of(10000, 1, 1)}))).isNull();
        assertThat(CopyInserts.encode(List.<Object[]>of(new Object[] {Arrays.asList("x")}))).isNull();
    }
}
