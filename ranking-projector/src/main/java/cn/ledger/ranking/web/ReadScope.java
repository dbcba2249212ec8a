package cn.ledger.ranking.web;

import cn.ledger.security.Caller;
import cn.ledger.security.OutOfScope;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the caller of a request may see and act on: the units in the {@code units} claim of their token and
 * every unit below them ({@code *}: all). A caller without a scope sees no unit. Lists leave out what lies
 * outside the scope; a filter or close naming a unit outside it is refused (403 naming the field), whether
 * the unit exists or not.
 */
@Component
public class ReadScope {

    private final JdbcTemplate jdbc;

    public ReadScope(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The units a caller sees. */
    public record Visible(boolean all, Set<String> units) {

        public boolean sees(String unitId) {
            return all || unitId != null && units.contains(unitId);
        }
    }

    /** The current caller's units. */
    public Visible visible() {
        Caller caller = Caller.current();
        if (caller.units().contains(Caller.ALL_UNITS)) {
            return new Visible(true, Set.of());
        }
        if (caller.units().isEmpty()) {
            return new Visible(false, Set.of());
        }
        return new Visible(false, Set.copyOf(jdbc.queryForList("""
                WITH RECURSIVE subtree AS (
                    SELECT unit_id FROM unit WHERE unit_id = ANY (?)
                    UNION SELECT u.unit_id FROM unit u JOIN subtree s ON u.parent_unit_id = s.unit_id)
                SELECT unit_id FROM subtree""", String.class, (Object) caller.units().toArray(String[]::new))));
    }

    /** Refuses a unit named in a request (a filter, the group to close) that lies outside the caller's scope. */
    public void require(String field, String unitId) {
        if (unitId != null && !Caller.current().covers(unitId, this::ancestry)) {
            throw new OutOfScope(field, "unit " + unitId + " is outside the caller's scope");
        }
    }

    /** The unit and its ancestors, nearest first (just the unit when it is not known). */
    public List<String> ancestry(String unitId) {
        List<String> found = jdbc.queryForList("""
                WITH RECURSIVE up AS (
                    SELECT unit_id, parent_unit_id, 0 AS depth FROM unit WHERE unit_id = ?
                    UNION ALL SELECT u.unit_id, u.parent_unit_id, up.depth + 1 FROM unit u
                      JOIN up ON u.unit_id = up.parent_unit_id WHERE up.depth < 64)
                SELECT unit_id FROM up ORDER BY depth""", String.class, unitId);
        return found.isEmpty() ? List.of(unitId) : found;
    }
}
