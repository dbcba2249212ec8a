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
        List<String> chain = new ArrayList<>();
        String unit = unitId;
        while (unit != null && chain.size() < 64 && !chain.contains(unit)) {
            chain.add(unit);
            unit = parentOf(unit).orElse(null);
        }
        return chain;
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
