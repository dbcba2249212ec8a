package cn.ledger.command.directory;

import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.UnitClosed;
import cn.ledger.contract.event.UnitRegistered;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which units and cadres exist, for checks that span streams. Fed by a subscribing processor, so a
 * row is written in the same transaction as the event that creates it.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class Directory {

    public static final String PROCESSING_GROUP = "directory";

    private final JdbcTemplate jdbc;

    public Directory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(UnitRegistered e) {
        jdbc.update("INSERT INTO unit_directory (unit_id, category, parent_unit_id, registered_on) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (unit_id) DO NOTHING",
                e.unitId(), e.category().name(), e.parentUnitId(), e.effectiveDate());
    }

    @EventHandler
    void on(CadreRegistered e) {
        jdbc.update("INSERT INTO cadre_directory (cadre_id, unit_id, registered_on) VALUES (?, ?, ?)"
                + " ON CONFLICT (cadre_id) DO NOTHING",
                e.cadreId(), e.unitId(), e.effectiveDate());
    }

    @EventHandler
    void on(UnitClosed e) {
        jdbc.update("UPDATE unit_directory SET closed_on = ? WHERE unit_id = ?", e.effectiveDate(), e.unitId());
    }

    @EventHandler
    void on(CadreTransferred e) {
        jdbc.update("UPDATE cadre_directory SET unit_id = ? WHERE cadre_id = ?", e.toUnitId(), e.cadreId());
    }

    /** The closed unit a cadre belongs to, if their unit is closed. */
    public Optional<String> closedUnitOf(String cadreId) {
        return jdbc.query("""
                SELECT u.unit_id FROM cadre_directory c JOIN unit_directory u ON u.unit_id = c.unit_id
                 WHERE c.cadre_id = ? AND u.closed_on IS NOT NULL""",
                (rs, i) -> rs.getString(1), cadreId).stream().findFirst();
    }

    public boolean unitClosed(String unitId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM unit_directory WHERE unit_id = ? AND closed_on IS NOT NULL)",
                Boolean.class, unitId));
    }

    public boolean unitExists(String unitId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM unit_directory WHERE unit_id = ?)", Boolean.class, unitId));
    }

    public Optional<String> parentOf(String unitId) {
        return jdbc.query("SELECT parent_unit_id FROM unit_directory WHERE unit_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getString(1)), unitId).stream().findFirst().flatMap(p -> p);
    }

    /** The unit and its ancestors, nearest first (just the id itself when the unit is not registered). */
    public List<String> ancestry(String unitId) {
        return unit(unitId).ancestry();
    }

    /** Longest chain of ancestors followed (a guard against a cycle that no event could make, but still). */
    static final int MAX_DEPTH = 64;

    /**
     * A unit's ancestors read in one query, nearest first, each with its row: the unit itself (depth 0),
     * its parent (1), … The last row's parent may be an id that is not registered.
     */
    private static final String UP_FROM = """
            WITH RECURSIVE up (unit_id, parent_unit_id, closed, depth) AS (
                SELECT u.unit_id, u.parent_unit_id, u.closed_on IS NOT NULL, 0 FROM unit_directory u WHERE u.unit_id = %s
                UNION ALL
                SELECT u.unit_id, u.parent_unit_id, u.closed_on IS NOT NULL, up.depth + 1
                  FROM up JOIN unit_directory u ON u.unit_id = up.parent_unit_id
                 WHERE up.depth < %d)
            """;

    /** What the checks on a unit need: whether it is registered, whether it is closed, and its ancestry. */
    public record UnitPlace(String unitId, boolean registered, boolean closed, List<String> ancestry) {}

    /** What the checks on a cadre need: their unit (null when the cadre is not registered) and that unit's place. */
    public record CadrePlace(String cadreId, String unitId, UnitPlace unit) {

        public boolean registered() {
            return unitId != null;
        }

        /** The cadre's unit, if it is closed. */
        public Optional<String> closedUnit() {
            return unit != null && unit.closed() ? Optional.of(unitId) : Optional.empty();
        }
    }

    /** A unit, whether it is closed, and its ancestry, in one statement. */
    public UnitPlace unit(String unitId) {
        List<Object[]> rows = jdbc.query(UP_FROM.formatted("?", MAX_DEPTH - 1)
                        + "SELECT unit_id, parent_unit_id, closed FROM up ORDER BY depth",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getBoolean(3)}, unitId);
        return place(unitId, rows);
    }

    /** A cadre's unit, whether it is closed, and its ancestry, in one statement. */
    public CadrePlace cadre(String cadreId) {
        List<Object[]> rows = jdbc.query(UP_FROM.formatted("(SELECT unit_id FROM cadre_directory WHERE cadre_id = ?)",
                        MAX_DEPTH - 1)
                        + "SELECT c.unit_id, up.unit_id, up.parent_unit_id, up.closed FROM cadre_directory c"
                        + " LEFT JOIN up ON true WHERE c.cadre_id = ? ORDER BY up.depth",
                (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)},
                cadreId, cadreId);
        if (rows.isEmpty()) {
            return new CadrePlace(cadreId, null, null);
        }
        String unitId = (String) rows.get(0)[0];
        List<Object[]> chain = rows.get(0)[1] == null ? List.of()
                : rows.stream().map(r -> new Object[] {r[1], r[2], r[3]}).toList();
        return new CadrePlace(cadreId, unitId, place(unitId, chain));
    }

    /** The chain nearest first, as {@code parentOf} followed unit by unit would give it. */
    private static UnitPlace place(String unitId, List<Object[]> rows) {
        List<String> chain = new ArrayList<>();
        if (rows.isEmpty()) {
            chain.add(unitId);
            return new UnitPlace(unitId, false, false, chain);
        }
        String next = null;
        for (Object[] row : rows) {
            String unit = (String) row[0];
            if (chain.contains(unit) || chain.size() >= MAX_DEPTH) {
                next = null;
                break;
            }
            chain.add(unit);
            next = (String) row[1];
        }
        if (next != null && chain.size() < MAX_DEPTH && !chain.contains(next)) {
            chain.add(next); // a parent named but not registered
        }
        return new UnitPlace(unitId, true, (Boolean) rows.get(0)[2], List.copyOf(chain));
    }

    /** Whether a unit or a cadre has this id (both kinds of stream share one space of ids). */
    public boolean idTaken(String id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM unit_directory WHERE unit_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM cadre_directory WHERE cadre_id = ?)", Boolean.class, id, id));
    }

    /** The unit a cadre belongs to now. */
    public Optional<String> unitOf(String cadreId) {
        return jdbc.queryForList("SELECT unit_id FROM cadre_directory WHERE cadre_id = ?", String.class, cadreId)
                .stream().findFirst();
    }

    public boolean cadreExists(String cadreId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM cadre_directory WHERE cadre_id = ?)", Boolean.class, cadreId));
    }
}
