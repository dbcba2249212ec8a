package cn.ledger.command.directory;

import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.UnitRegistered;
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

    public boolean unitExists(String unitId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM unit_directory WHERE unit_id = ?)", Boolean.class, unitId));
    }

    public Optional<String> parentOf(String unitId) {
        return jdbc.query("SELECT parent_unit_id FROM unit_directory WHERE unit_id = ?",
                (rs, i) -> Optional.ofNullable(rs.getString(1)), unitId).stream().findFirst().flatMap(p -> p);
    }

    public boolean cadreExists(String cadreId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM cadre_directory WHERE cadre_id = ?)", Boolean.class, cadreId));
    }
}
