package cn.ledger.projection;

import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.event.UnitClosed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.contract.event.UnitRenamed;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code unit} table both projectors keep (its migrations are this module's, {@link ProjectionSchema}):
 * a unit's name, category, parent, and when it was registered and closed.
 */
public final class UnitTable {

    private UnitTable() {}

    /** Applies a unit event to the table; false for any other event. */
    public static boolean apply(JdbcTemplate jdbc, LedgerEvent event) {
        if (event instanceof UnitRegistered e) {
            jdbc.update("INSERT INTO unit (unit_id, name, category, parent_unit_id, registered_on) VALUES (?, ?, ?, ?, ?)",
                    e.unitId(), e.name(), e.category().name(), e.parentUnitId(), e.effectiveDate());
        } else if (event instanceof UnitRenamed e) {
            jdbc.update("UPDATE unit SET name = ? WHERE unit_id = ?", e.name(), e.unitId());
        } else if (event instanceof UnitClosed e) {
            jdbc.update("UPDATE unit SET closed_on = ? WHERE unit_id = ?", e.effectiveDate(), e.unitId());
        } else {
            return false;
        }
        return true;
    }
}
