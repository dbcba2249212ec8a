package cn.ledger.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Compares the tables of two schemas row for row, for tests that show a rebuilt read model equals the
 * live one. Every column is compared as text; the caller names tables and columns that legitimately
 * differ (bookkeeping such as application times or generated keys).
 */
public final class SchemaComparison {

    private SchemaComparison() {}

    /** The differences, one line per table that differs; empty when the schemas hold the same rows. */
    public static List<String> differences(DataSource dataSource, String left, String right, Set<String> skipTables,
            Set<String> skipColumns) throws SQLException {
        List<String> differences = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = strings(connection, """
                    SELECT table_name FROM information_schema.tables
                     WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name""", left);
            List<String> rightTables = strings(connection, """
                    SELECT table_name FROM information_schema.tables
                     WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name""", right);
            if (!tables.equals(rightTables)) {
                differences.add("tables differ: " + tables + " vs " + rightTables);
            }
            for (String table : tables) {
                if (skipTables.contains(table) || table.startsWith("flyway_schema_history") || table.equals("flyway_projection_history")) {
                    continue;
                }
                List<String> columns = strings(connection, """
                        SELECT column_name FROM information_schema.columns
                         WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position""", left, table)
                        .stream().filter(c -> !skipColumns.contains(c)).toList();
                String select = String.join(", ", columns.stream().map(c -> "\"" + c + "\"::text").toList());
                long onlyLeft = count(connection, select, left, right, table);
                long onlyRight = count(connection, select, right, left, table);
                long rows = count(connection, "SELECT COUNT(*) FROM \"" + left + "\".\"" + table + "\"");
                if (onlyLeft != 0 || onlyRight != 0) {
                    differences.add(table + ": " + onlyLeft + " of " + rows + " rows only in " + left + ", "
                            + onlyRight + " only in " + right);
                }
            }
        }
        return differences;
    }

    private static long count(Connection connection, String select, String a, String b, String table)
            throws SQLException {
        return count(connection, "SELECT COUNT(*) FROM (SELECT " + select + " FROM \"" + a + "\".\"" + table
                + "\" EXCEPT ALL SELECT " + select + " FROM \"" + b + "\".\"" + table + "\") d");
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection connection, String sql, String... parameters) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }
}
