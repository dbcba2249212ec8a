package cn.ledger.query.history;

import cn.ledger.projection.Completeness;
import cn.ledger.projection.StreamStates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On what an answer rests: the streams it read — a cadre's own, and the unit whose cards count for the
 * cadre — whether they are complete, and up to which sequence they were applied.
 */
@Component
public class AnswerBasis {

    /** The last sequence of a stream an answer was judged on (-1: none of it was applied). */
    public record JudgedOn(String streamId, long sequence) {}

    private final StreamStates states;
    private final JdbcTemplate jdbc;

    public AnswerBasis(StreamStates states, JdbcTemplate jdbc) {
        this.states = states;
        this.jdbc = jdbc;
    }

    /** A cadre's stream and the stream of the unit the cadre belongs to now. */
    public Completeness ofCadre(String cadreId) {
        return ofCadres(List.of(cadreId));
    }

    public Completeness ofCadres(Collection<String> cadreIds) {
        if (cadreIds.isEmpty()) {
            return Completeness.COMPLETE;
        }
        Set<String> streams = new LinkedHashSet<>(cadreIds);
        streams.addAll(jdbc.queryForList("SELECT DISTINCT unit_id FROM cadre WHERE cadre_id = ANY (?)", String.class,
                (Object) cadreIds.toArray(String[]::new)));
        return states.completeness(streams);
    }

    /** Per cadre: whether the cadre's stream and its unit's are complete (two queries for them all). */
    public java.util.Map<String, Completeness> perCadre(Collection<String> cadreIds) {
        java.util.Map<String, String> unitOf = new java.util.HashMap<>();
        if (!cadreIds.isEmpty()) {
            jdbc.query("SELECT cadre_id, unit_id FROM cadre WHERE cadre_id = ANY (?)",
                    rs -> {
                        unitOf.put(rs.getString(1), rs.getString(2));
                    }, (Object) cadreIds.toArray(String[]::new));
        }
        Set<String> streams = new LinkedHashSet<>(cadreIds);
        streams.addAll(unitOf.values());
        Completeness all = states.completeness(streams);
        java.util.Map<String, Completeness> per = new java.util.LinkedHashMap<>();
        for (String cadre : cadreIds) {
            per.put(cadre, all.onlyOf(unitOf.containsKey(cadre) ? Set.of(cadre, unitOf.get(cadre)) : Set.of(cadre)));
        }
        return per;
    }

    /** The last applied sequence per stream (-1 for one with none applied). */
    public java.util.Map<String, JudgedOn> judgedOn(Collection<String> streamIds) {
        java.util.Map<String, Long> applied = states.appliedSequences(streamIds);
        java.util.Map<String, JudgedOn> judged = new java.util.LinkedHashMap<>();
        streamIds.forEach(id -> judged.put(id, new JudgedOn(id, applied.getOrDefault(id, -1L))));
        return judged;
    }

    /** Unit streams (cards, assignments, evaluations, …). */
    public Completeness ofStreams(Collection<String> streams) {
        return states.completeness(new ArrayList<>(streams));
    }

    /** A unit's cadres' streams and the unit's own: what counts over a unit rests on. */
    public Completeness ofUnitCadres(Collection<String> unitIds) {
        if (unitIds.isEmpty()) {
            return Completeness.COMPLETE;
        }
        Set<String> streams = new LinkedHashSet<>(unitIds);
        streams.addAll(jdbc.queryForList("SELECT DISTINCT cadre_id FROM unit_membership WHERE unit_id = ANY (?)",
                String.class, (Object) unitIds.toArray(String[]::new)));
        return states.completeness(streams);
    }

    /** The streams of a unit and of every unit below it (cards, assignments, evaluations live there). */
    public Completeness ofUnitSubtree(String unitId) {
        return states.completeness(jdbc.queryForList(cn.ledger.query.unit.UnitTree.SUBTREE, String.class, unitId));
    }

    /** The unit subtree's streams and those of every cadre who was ever a member of a unit in it. */
    public Completeness ofUnitSubtreeAndCadres(String unitId) {
        return ofUnitCadres(jdbc.queryForList(cn.ledger.query.unit.UnitTree.SUBTREE, String.class, unitId));
    }

    /** Every stream with parked records that is not a cadre's: for answers over all units. */
    public Completeness ofAllUnits() {
        Completeness all = states.completenessOfAll();
        if (all.complete()) {
            return all;
        }
        Set<String> cadres = new java.util.HashSet<>(jdbc.queryForList(
                "SELECT cadre_id FROM cadre WHERE cadre_id = ANY (?)", String.class,
                (Object) all.missing().stream().map(Completeness.Missing::streamId).toArray(String[]::new)));
        return Completeness.of(all.missing().stream().filter(m -> !cadres.contains(m.streamId())).toList());
    }

    /** Every stream with parked records: for answers over all cadres. */
    public Completeness ofAll() {
        return states.completenessOfAll();
    }

    public JudgedOn judgedOn(String streamId) {
        Optional<Long> applied = states.appliedSequence(streamId);
        return new JudgedOn(streamId, applied.orElse(-1L));
    }
}
