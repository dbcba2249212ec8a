package cn.ledger.ranking;

import cn.ledger.projection.Completeness;
import cn.ledger.projection.StreamStates;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether what is counted for a unit is complete: a unit's figures rest on its own stream (cards,
 * assignments, evaluations) and on its cadres' streams (entries, interviews). A parked stream that
 * cannot be placed in a unit (its first record is among the parked ones) counts against every answer.
 */
@Component
public class UnitCompleteness {

    private final StreamStates states;
    private final JdbcTemplate jdbc;

    public UnitCompleteness(StreamStates states, JdbcTemplate jdbc) {
        this.states = states;
        this.jdbc = jdbc;
    }

    /** The missing records that bear on any of the given units (or on units not known). */
    public Completeness of(Collection<String> unitIds) {
        Completeness all = states.completenessOfAll();
        if (all.complete()) {
            return all;
        }
        Map<String, String> unitOf = unitsOf(all);
        Set<String> units = Set.copyOf(unitIds);
        return Completeness.of(all.missing().stream()
                .filter(m -> !unitOf.containsKey(m.streamId()) || units.contains(unitOf.get(m.streamId()))).toList());
    }

    /**
     * The missing records of unit streams (cards, assignments, evaluations live there), of the given units
     * (all units when null), and of streams that cannot be placed; cadres' streams are left out.
     */
    public Completeness ofUnitStreams(Collection<String> unitIds) {
        Completeness all = states.completenessOfAll();
        if (all.complete()) {
            return all;
        }
        Map<String, String> unitOf = unitsOf(all);
        return Completeness.of(all.missing().stream().filter(m -> {
            String unit = unitOf.get(m.streamId());
            return unit == null || unit.equals(m.streamId()) && (unitIds == null || unitIds.contains(unit));
        }).toList());
    }

    /** The ids of a unit and of every unit below it. */
    public List<String> subtree(String unitId) {
        return jdbc.queryForList("""
                WITH RECURSIVE subtree AS (
                    SELECT unit_id FROM unit WHERE unit_id = ?
                    UNION SELECT u.unit_id FROM unit u JOIN subtree s ON u.parent_unit_id = s.unit_id)
                SELECT unit_id FROM subtree""", String.class, unitId);
    }

    /** Every missing record: for answers over all units. */
    public Completeness ofAll() {
        return states.completenessOfAll();
    }

    /** Per unit: the missing records of its own stream and of its cadres'. */
    public Map<String, Completeness> perUnit(Collection<String> unitIds) {
        Completeness all = states.completenessOfAll();
        Map<String, Completeness> per = new LinkedHashMap<>();
        Map<String, String> unitOf = all.complete() ? Map.of() : unitsOf(all);
        for (String unit : unitIds) {
            per.put(unit, all.complete() ? all : Completeness.of(all.missing().stream()
                    .filter(m -> unit.equals(unitOf.get(m.streamId()))).toList()));
        }
        return per;
    }

    /** The unit each parked stream counts for: a unit's stream for itself, a cadre's for the cadre's unit. */
    private Map<String, String> unitsOf(Completeness all) {
        String[] streams = all.missing().stream().map(Completeness.Missing::streamId).toArray(String[]::new);
        Map<String, String> unitOf = new HashMap<>();
        jdbc.query("""
                SELECT unit_id AS stream_id, unit_id FROM unit WHERE unit_id = ANY (?)
                UNION ALL SELECT cadre_id, unit_id FROM cadre_unit WHERE cadre_id = ANY (?)""",
                rs -> {
                    unitOf.put(rs.getString(1), rs.getString(2));
                }, streams, streams);
        return unitOf;
    }
}
