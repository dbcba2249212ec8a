package cn.ledger.projection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Plain inserts sent as one {@code COPY … FROM STDIN} (PostgreSQL's text format) instead of a JDBC batch.
 *
 * <p>Only an insert of the form {@code INSERT INTO table (columns) VALUES (…)} qualifies, each value a
 * parameter ({@code ?}) or a parameter cast to {@code jsonb} (the column's own type), and nothing after the
 * values: an {@code ON CONFLICT}, a {@code RETURNING}, an alias, an expression such as {@code now()} keep the
 * statement batched. Each row must hold only values whose text PostgreSQL reads back as exactly what
 * pgjdbc would have bound for the per-row statement: strings, integers, decimals, booleans, dates, timestamps
 * to the microsecond, and bytes; anything else (and a string with U+0000, which the per-row insert refuses)
 * keeps the statement batched, so that it succeeds or fails exactly as it would row by row. Primary keys and
 * unique constraints are checked by {@code COPY} as by {@code INSERT}: a duplicate fails the whole statement,
 * and the transaction with it.
 *
 * <p>Text is written in {@code COPY}'s text format: a backslash, a line feed, a carriage return and a tab are
 * escaped ({@code \\}, {@code \n}, {@code \r}, {@code \t}), null is {@code \N}, bytes are {@code \\x} and their
 * hex digits, and everything else (quotes, other control characters, any Unicode) is written as its UTF-8
 * bytes, the connection's encoding — so it arrives byte for byte as the per-row insert stores it.
 */
final class CopyInserts {

    private static final Pattern INSERT = Pattern.compile(
            "\\s*INSERT\\s+INTO\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^()]*)\\)\\s*VALUES\\s*\\((.*)\\)\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("\\?|CAST\\s*\\(\\s*\\?\\s+AS\\s+jsonb\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final Map<String, Optional<String>> STATEMENTS = new ConcurrentHashMap<>();

    private CopyInserts() {}

    /** The {@code COPY} statement that loads the rows of this insert, or empty when it must stay an insert. */
    static Optional<String> copyStatement(String insert) {
        return STATEMENTS.computeIfAbsent(insert, CopyInserts::parse);
    }

    private static Optional<String> parse(String insert) {
        Matcher m = INSERT.matcher(insert);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> columns = split(m.group(2));
        List<String> values = split(m.group(3));
        if (columns == null || values == null || columns.size() != values.size() || columns.isEmpty()) {
            return Optional.empty();
        }
        for (String column : columns) {
            if (!COLUMN.matcher(column).matches()) {
                return Optional.empty();
            }
        }
        for (String value : values) {
            if (!VALUE.matcher(value).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of("COPY " + m.group(1) + " (" + String.join(", ", columns) + ") FROM STDIN");
    }

    /** The comma-separated items at the top level of the text, trimmed; null when parentheses do not pair. */
    private static List<String> split(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) {
                    return null;
                }
            } else if (c == '\'' || c == '"' || c == ';') {
                return null;
            } else if (c == ',' && depth == 0) {
                items.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            return null;
        }
        items.add(text.substring(start).trim());
        return items;
    }

    /** The rows in {@code COPY}'s text format, as UTF-8; null when a value cannot be written exactly. */
    static byte[] encode(List<Object[]> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 128);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    out.append('\t');
                }
                if (!append(out, row[i])) {
                    return null;
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof String text) {
            return appendText(out, text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger || value instanceof BigDecimal) {
            out.append(value);
        } else if (value instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (value instanceof LocalDate date) {
            if (date.getYear() < 1 || date.getYear() > 9999) {
                return false;
            }
            out.append(date);
        } else if (value instanceof Timestamp timestamp) {
            return appendTimestamp(out, timestamp);
        } else if (value instanceof byte[] bytes) {
            out.append("\\\\x");
            for (byte b : bytes) {
                out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        } else {
            return false;
        }
        return true;
    }

    private static boolean appendText(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> {
                    return false;
                }
                default -> out.append(c);
            }
        }
        return true;
    }

    /**
     * A timestamp as pgjdbc binds it: the wall time in the JVM's zone with that zone's offset, so that a
     * {@code timestamptz} column gets the same instant and a {@code timestamp} column the same wall time.
     * Timestamps finer than a microsecond are left to the batch (PostgreSQL's rounding is not pgjdbc's).
     */
    private static boolean appendTimestamp(StringBuilder out, Timestamp timestamp) {
        if (timestamp.getNanos() % 1000 != 0) {
            return false;
        }
        ZoneOffset offset = ZoneId.systemDefault().getRules().getOffset(timestamp.toInstant());
        LocalDateTime wall = LocalDateTime.ofInstant(timestamp.toInstant(), offset);
        if (wall.getYear() < 1 || wall.getYear() > 9999 || !wall.equals(timestamp.toLocalDateTime())) {
            return false;
        }
        digits(out, wall.getYear(), 4).append('-');
        digits(out, wall.getMonthValue(), 2).append('-');
        digits(out, wall.getDayOfMonth(), 2).append(' ');
        digits(out, wall.getHour(), 2).append(':');
        digits(out, wall.getMinute(), 2).append(':');
        digits(out, wall.getSecond(), 2).append('.');
        digits(out, wall.getNano() / 1000, 6);
        int seconds = offset.getTotalSeconds();
        out.append(seconds < 0 ? '-' : '+');
        seconds = Math.abs(seconds);
        digits(out, seconds / 3600, 2).append(':');
        digits(out, seconds / 60 % 60, 2).append(':');
        digits(out, seconds % 60, 2);
        return true;
    }

    private static StringBuilder digits(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(text);
    }

    /** Sends the rows with {@code COPY} on the connection; fails unless the server took every row, once. */
    static void copy(Connection connection, String copyStatement, byte[] data, int rows) throws SQLException {
        long copied;
        try {
            copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copyStatement, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
        if (copied != rows) {
            throw new SQLException(copyStatement + " loaded " + copied + " rows of " + rows);
        }
    }
}
