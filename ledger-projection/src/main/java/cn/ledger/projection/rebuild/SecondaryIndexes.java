package cn.ledger.projection.rebuild;

import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A rebuild schema's secondary indexes, dropped before the load and built after it: one sorted build per
 * index instead of an index entry written per row.
 *
 * <p>Only indexes that no constraint owns and that are neither unique nor primary keys are dropped: the
 * keys stay, so a duplicate row still fails its insert (or {@code COPY}) during the load as it would live,
 * and {@code ON CONFLICT} targets keep their index. The indexes of the applier's own tables stay too, since
 * the applier reads them for every batch (a stream's parked records, its position). Nothing reads the
 * rebuild's other tables by a secondary index while it loads: the projections' updates go by key, and
 * queries read the live schema until the switch, which comes only after the indexes are built.
 */
final class SecondaryIndexes {

    /** Tables the applier itself reads during the load. */
    private static final Set<String> APPLIER_TABLES = Set.of("parked_event", "stream_position");

    private SecondaryIndexes() {}

    /**
     * Drops the schema's secondary indexes (on a connection whose search path is the schema) and returns the
     * statements that build them again, in the order they were defined.
     */
    static List<String> dropForLoad(JdbcTemplate jdbc, String schema) {
        List<String[]> indexes = jdbc.query("""
                SELECT i.relname, pg_get_indexdef(x.indexrelid)
                  FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_class t ON t.oid = x.indrelid
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE n.nspname = ? AND NOT x.indisunique AND NOT x.indisprimary
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                   AND t.relname <> ALL (?)
                 ORDER BY x.indexrelid""",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, schema,
                APPLIER_TABLES.toArray(String[]::new));
        for (String[] index : indexes) {
            jdbc.execute("DROP INDEX \"" + schema + "\".\"" + index[0] + "\"");
        }
        return indexes.stream().map(index -> index[1]).toList();
    }

    /** Builds the indexes again. */
    static void build(JdbcTemplate jdbc, List<String> definitions) {
        definitions.forEach(jdbc::execute);
    }
}
