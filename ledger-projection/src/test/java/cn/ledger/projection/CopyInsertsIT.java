package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.embedded.TestInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rows loaded with {@code COPY} against the same rows inserted one by one, on real PostgreSQL: generated
 * (seeded) rows of every value type the projections bind, with hostile text — tabs, backslashes, line
 * breaks, quotes, {@code \N} and {@code \.}, controls, bidirectional marks, astral characters, lone
 * surrogates — arrive byte for byte as the per-row insert stores them, none dropped and none doubled.
 */
class CopyInsertsIT {

    static final String COLUMNS = "(id, t, j, b, n, i, l, d, ts, tl, f)";
    static final String VALUES = " VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?)";
    static final List<String> HOSTILE = List.of("\t", "\\", "\\N", "\\.", "\n", "\r\n", "\r", "'", "\"", "`",
            "\\t", "\\x41", "a\tb\\c\nd", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029",
            "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\ufffd", "\ufffe", "e\u0301", "长", "😀", "👩‍👩‍👧",
            "\ud840\udc00", "\ud800", "x\udfff", "{\"k\": [1, \"v\"]}", "NULL", "", " ", "%s", "$1", "--", ";");

    static HikariDataSource pool;
    static String schema;
    static JdbcTemplate plain;
    static BatchingJdbcTemplate batching;
    static TransactionTemplate transaction;

    @BeforeAll
    static void schema() {
        schema = "copy_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        HikariDataSource admin = pool(null);
        new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
        admin.close();
        pool = pool(schema);
        plain = new JdbcTemplate(pool);
        batching = new BatchingJdbcTemplate(pool);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
        for (String table : List.of("per_row", "copied")) {
            plain.execute("CREATE TABLE " + table + " (id text PRIMARY KEY, t text, j jsonb, b bytea, n numeric, "
                    + "i integer, l bigint, d date, ts timestamptz, tl timestamp, f boolean)");
        }
    }

    static HikariDataSource pool(String schema) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestInfrastructure.databaseUrl());
        pool.setUsername(TestInfrastructure.databaseUser());
        pool.setPassword(TestInfrastructure.databasePassword());
        pool.setMaximumPoolSize(2);
        if (schema != null) {
            pool.setSchema(schema);
        }
        return pool;
    }

    @AfterAll
    static void drop() {
        plain.execute("DROP SCHEMA " + schema + " CASCADE");
        pool.close();
    }

    @Test
    void loadsGeneratedHostileRowsExactlyAsRowByRowInsertsStoreThem() throws Exception {
        long seed = 20261204L;
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(row("r" + i, random));
        }
        rows.forEach(row -> plain.update("INSERT INTO per_row " + COLUMNS + VALUES, row));
        long copiedBefore = batching.copiedRows();
        transaction.executeWithoutResult(status -> batching.deferring(() -> {
            // sent in three goes, as the applier sends a batch chunk by chunk
            for (int i = 0; i < rows.size(); i++) {
                batching.update("INSERT INTO copied " + COLUMNS + VALUES, rows.get(i));
                if (i % 1000 == 999) {
                    batching.send();
                }
            }
            return null;
        }, true));

        assertThat(batching.copiedRows() - copiedBefore).as("rows sent with COPY, seed " + seed).isEqualTo(3000);
        assertThat(count("SELECT count(*) FROM copied")).isEqualTo(3000);
        assertThat(count("SELECT count(DISTINCT id) FROM copied")).isEqualTo(3000);
        assertThat(mismatches()).as("rows that differ, seed " + seed).isEmpty();
    }

    @Test
    void aDroppedOrDoubledRowIsSeen() {
        // the comparison itself: a row missing from one side, or there twice, is a difference
        plain.update("INSERT INTO per_row " + COLUMNS + VALUES, row("probe-only-left", new Random(1)));
        assertThat(mismatches()).contains("probe-only-left");
        plain.update("DELETE FROM per_row WHERE id = 'probe-only-left'");
        Object[] row = row("probe-doubled", new Random(2));
        plain.update("INSERT INTO per_row " + COLUMNS + VALUES, row);
        transaction.executeWithoutResult(status -> batching.deferring(() -> {
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row);
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("probe-extra", new Random(3)));
            return null;
        }, true));
        assertThat(mismatches()).containsExactly("probe-extra");
        plain.update("DELETE FROM copied WHERE id = 'probe-extra'");
        assertThat(mismatches()).isEmpty();
    }

    @Test
    void aDuplicateKeyFailsTheCopyAndItsTransactionAsItFailsAnInsert() {
        Random random = new Random(7);
        plain.update("INSERT INTO copied " + COLUMNS + VALUES, row("dup-existing", random));
        long copiedBefore = batching.copiedRows();
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> batching.deferring(() -> {
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("dup-new", random));
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("dup-existing", random));
            return null;
        }, true))).isInstanceOf(DataAccessException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> batching.deferring(() -> {
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("dup-twice", random));
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("dup-twice", random));
            return null;
        }, true))).isInstanceOf(DataAccessException.class).hasMessageContaining("duplicate key");
        assertThat(count("SELECT count(*) FROM copied WHERE id IN ('dup-new', 'dup-twice')")).isZero();
        assertThat(batching.copiedRows()).isEqualTo(copiedBefore);
        plain.update("DELETE FROM copied WHERE id = 'dup-existing'");
    }

    @Test
    void whatCopyCannotWriteExactlyGoesAsABatchAndFailsOrSucceedsAsRowByRow() {
        Random random = new Random(11);
        long copiedBefore = batching.copiedRows();
        // a timestamp finer than a microsecond, an upsert and an expression stay batched and are stored
        Object[] fine = row("batched-nanos", random);
        fine[8] = Timestamp.from(Instant.parse("2024-02-29T23:59:59.123456789Z"));
        Object[] other = row("batched-other", random);
        transaction.executeWithoutResult(status -> batching.deferring(() -> {
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, fine);
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, other);
            batching.update("INSERT INTO copied (id, t) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", "batched-upsert", "a");
            batching.update("INSERT INTO copied (id, t) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", "batched-upsert", "b");
            batching.update("INSERT INTO copied (id, t, ts) VALUES (?, ?, now())", "batched-now-1", "x");
            batching.update("INSERT INTO copied (id, t, ts) VALUES (?, ?, now())", "batched-now-2", "y");
            return null;
        }, true));
        assertThat(batching.copiedRows()).isEqualTo(copiedBefore);
        assertThat(count("SELECT count(*) FROM copied WHERE id LIKE 'batched-%'")).isEqualTo(5);
        assertThat(plain.queryForObject("SELECT t FROM copied WHERE id = 'batched-upsert'", String.class))
                .isEqualTo("a");
        plain.update("INSERT INTO per_row " + COLUMNS + VALUES, fine);
        plain.update("INSERT INTO per_row " + COLUMNS + VALUES, other);
        assertThat(mismatches()).doesNotContain("batched-nanos", "batched-other");
        plain.update("DELETE FROM per_row WHERE id LIKE 'batched-%'");
        plain.update("DELETE FROM copied WHERE id LIKE 'batched-%'");

        // U+0000, which PostgreSQL refuses in text: refused the same way
        Object[] nul = row("nul", random);
        nul[1] = "before\u0000after";
        assertThatThrownBy(() -> plain.update("INSERT INTO per_row " + COLUMNS + VALUES, nul))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> batching.deferring(() -> {
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, row("nul-neighbour", random));
            batching.update("INSERT INTO copied " + COLUMNS + VALUES, nul);
            return null;
        }, true))).isInstanceOf(DataAccessException.class);
        assertThat(count("SELECT count(*) FROM copied WHERE id IN ('nul', 'nul-neighbour')")).isZero();
    }

    /** The ids of rows not the same in both tables (every column compared as text), or there a different number of times. */
    private List<String> mismatches() {
        String columns = "id, t, j::text, encode(b, 'hex'), n::text, i, l, d::text, ts::text, tl::text, f";
        return plain.queryForList("""
                (SELECT id FROM (SELECT %1$s FROM per_row EXCEPT ALL SELECT %1$s FROM copied) a)
                UNION ALL
                (SELECT id FROM (SELECT %1$s FROM copied EXCEPT ALL SELECT %1$s FROM per_row) b)
                ORDER BY 1""".formatted(columns), String.class);
    }

    private long count(String sql) {
        return plain.queryForObject(sql, Long.class);
    }

    static Object[] row(String id, Random random) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("text", text(random));
        json.put("list", List.of(text(random), text(random)));
        json.put(text(random), random.nextInt());
        String jsonText;
        try {
            jsonText = new ObjectMapper().writeValueAsString(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return new Object[] {
            id,
            maybe(random, text(random)),
            maybe(random, jsonText),
            maybe(random, bytes),
            maybe(random, decimal(random)),
            maybe(random, random.nextBoolean() ? random.nextInt() : (Object) (random.nextBoolean() ? Integer.MIN_VALUE
                    : Integer.MAX_VALUE)),
            maybe(random, random.nextLong()),
            maybe(random, LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(),
                    LocalDate.of(9999, 12, 31).toEpochDay()))),
            maybe(random, timestamp(random)),
            maybe(random, timestamp(random)),
            maybe(random, random.nextBoolean())};
    }

    static Object maybe(Random random, Object value) {
        return random.nextInt(8) == 0 ? null : value;
    }

    static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(3)) {
                case 0 -> text.append(HOSTILE.get(random.nextInt(HOSTILE.size())));
                case 1 -> text.appendCodePoint(codePoint(random));
                default -> text.append(Long.toString(random.nextLong(), 36).toUpperCase(Locale.ROOT));
            }
        }
        return text.toString();
    }

    /** Any code point but U+0000 (which PostgreSQL's text refuses), surrogate halves included. */
    static int codePoint(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(0x7f);
            case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
            case 2 -> 0x800 + random.nextInt(0x10000 - 0x800);
            default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
        };
    }

    static BigDecimal decimal(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(12) - 2);
            case 1 -> new BigDecimal("1E+3");
            case 2 -> new BigDecimal("-0.00");
            default -> BigDecimal.valueOf(random.nextInt(100)).movePointLeft(random.nextInt(3));
        };
    }

    static Timestamp timestamp(Random random) {
        long micros = random.nextLong(-2_208_988_800_000_000L, 4_102_444_800_000_000L);
        return Timestamp.from(Instant.EPOCH.plusNanos(micros * 1000));
    }
}
