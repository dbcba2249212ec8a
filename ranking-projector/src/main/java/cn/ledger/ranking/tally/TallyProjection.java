package cn.ledger.ranking.tally;

import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.event.AccountabilityProcedureOpened;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.NegativeEntryTolerated;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.projection.BatchingJdbcTemplate;
import cn.ledger.projection.Projection;
import cn.ledger.projection.UnitTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The monthly per-unit tally: what each unit and its cadres collected in the month an event took
 * effect, and the unit's assignments and evaluation scores. A cadre's records count for the unit the
 * cadre belonged to when the record was made. A revoked or 容错免责 record's contribution is taken
 * back out; the record itself stays, marked excluded.
 */
@Component
public class TallyProjection implements Projection {

    private final JdbcTemplate jdbc;

    public TallyProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "ranking-projector";
    }

    @Override
    public void apply(LedgerEnvelope envelope) {
        LedgerEvent event = envelope.event();
        if (UnitTable.apply(jdbc, event)) {
            // the unit table, kept as ledger-projection keeps it
        } else if (event instanceof CadreRegistered e) {
            jdbc.update("INSERT INTO cadre_unit (cadre_id, unit_id) VALUES (?, ?)", e.cadreId(), e.unitId());
            unitsKnown().put(e.cadreId(), e.unitId());
        } else if (event instanceof CadreTransferred e) {
            jdbc.update("UPDATE cadre_unit SET unit_id = ? WHERE cadre_id = ?", e.toUnitId(), e.cadreId());
            unitsKnown().put(e.cadreId(), e.toUnitId());
        } else if (event instanceof PositiveEntryRecorded e) {
            String unit = unitOf(e.cadreId());
            count(e.entryId(), Kind.POSITIVE, unit, e.effectiveDate(), e.points(), null);
            changed(YearMonth.from(e.effectiveDate()).toString(), unit, envelope);
        } else if (event instanceof NegativeEntryRecorded e) {
            String unit = unitOf(e.cadreId());
            count(e.entryId(), Kind.NEGATIVE, unit, e.effectiveDate(), e.points(), null);
            changed(YearMonth.from(e.effectiveDate()).toString(), unit, envelope);
        } else if (event instanceof InterviewRecorded e) {
            count(e.interviewId(), Kind.INTERVIEW, e.unitId(), e.effectiveDate(), null, null);
        } else if (event instanceof CardIssued e) {
            count(e.cardId(), Kind.CARD, e.unitId(), e.effectiveDate(), null, e.colour().name());
            jdbc.update("""
                    INSERT INTO card (card_id, unit_id, aspect, quarter, colour, issued_by_unit_id, effective_date)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    e.cardId(), e.unitId(), e.aspect(), e.quarter(), e.colour().name(), e.issuedByUnitId(),
                    e.effectiveDate());
        } else if (event instanceof AssignmentIssued e) {
            jdbc.update("""
                    INSERT INTO assignment (assignment_id, unit_id, kind, title, due_date, issued_by_unit_id, issued_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    e.assignmentId(), e.unitId(), e.kind().name(), e.title(), e.dueDate(), e.issuedByUnitId(),
                    e.effectiveDate());
            changed(YearMonth.from(e.dueDate()).toString(), e.unitId(), envelope);
        } else if (event instanceof AssignmentCompleted e) {
            jdbc.query("UPDATE assignment SET completed_on = ? WHERE assignment_id = ? RETURNING due_date, unit_id",
                    (rs, i) -> new Object[] {rs.getObject(1, LocalDate.class), rs.getString(2)}, e.effectiveDate(),
                    e.assignmentId())
                    .forEach(due -> changed(YearMonth.from((LocalDate) due[0]).toString(), (String) due[1], envelope));
        } else if (event instanceof EvaluationScored e) {
            jdbc.update("INSERT INTO evaluation (evaluation_id, unit_id, month, score, assessor) VALUES (?, ?, ?, ?, ?)",
                    e.evaluationId(), e.unitId(), e.month(), e.score(), e.assessor());
            changed(e.month(), e.unitId(), envelope);
        } else if (event instanceof AccountabilityProcedureOpened e) {
            jdbc.update("INSERT INTO accountability_procedure (procedure_id, unit_id, month, event_id) VALUES (?, ?, ?, ?)",
                    e.procedureId(), e.unitId(), e.month(), envelope.eventId());
            jdbc.update("""
                    UPDATE accountability_trigger SET status = 'OPENED', procedure_id = ?, settled_at = now()
                     WHERE unit_id = ? AND month = ? AND status = 'PENDING'""", e.procedureId(), e.unitId(), e.month());
        } else if (event instanceof RecordRevoked e) {
            exclude(e.recordId(), envelope);
            jdbc.query("UPDATE assignment SET revoked = TRUE WHERE assignment_id = ? RETURNING due_date, unit_id",
                    (rs, i) -> new Object[] {rs.getObject(1, LocalDate.class), rs.getString(2)}, e.recordId())
                    .forEach(due -> changed(YearMonth.from((LocalDate) due[0]).toString(), (String) due[1], envelope));
            jdbc.query("UPDATE evaluation SET revoked = TRUE WHERE evaluation_id = ? RETURNING month, unit_id",
                    (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, e.recordId())
                    .forEach(month -> changed(month[0], month[1], envelope));
            jdbc.update("UPDATE card SET revoked = TRUE WHERE card_id = ?", e.recordId());
        } else if (event instanceof NegativeEntryTolerated e) {
            exclude(e.entryId(), envelope);
        }
    }

    private enum Kind { POSITIVE, NEGATIVE, INTERVIEW, CARD }

    private record Counted(Kind kind, String unitId, String month, BigDecimal points, String colour) {}

    private void count(String recordId, Kind kind, String unitId, LocalDate effectiveDate, BigDecimal points,
            String colour) {
        Counted counted = new Counted(kind, unitId, YearMonth.from(effectiveDate).toString(), points, colour);
        jdbc.update("INSERT INTO counted_record (record_id, kind, unit_id, month, points, colour) VALUES (?, ?, ?, ?, ?, ?)",
                recordId, kind.name(), unitId, counted.month(), points, colour);
        add(counted, 1);
    }

    /**
     * Marks a month whose ranking inputs this event changed for the unit, so that the unit's review group
     * (its parent) gets a new version of a month it closed, and its schedule sees the group is not quiet.
     */
    private void changed(String month, String unitId, LedgerEnvelope envelope) {
        jdbc.update("INSERT INTO month_change (month, event_id, applied_at, unit_id) VALUES (?, ?, now(), ?)", month,
                envelope.eventId(), unitId);
    }

    private void exclude(String recordId, LedgerEnvelope envelope) {
        String eventId = envelope.eventId();
        List<Counted> found = jdbc.query("""
                UPDATE counted_record SET excluded = TRUE, excluded_by_event_id = ?
                 WHERE record_id = ? AND NOT excluded
                RETURNING kind, unit_id, month, points, colour""",
                (rs, i) -> new Counted(Kind.valueOf(rs.getString("kind")), rs.getString("unit_id"),
                        rs.getString("month"), rs.getBigDecimal("points"), rs.getString("colour")),
                eventId, recordId);
        found.forEach(counted -> {
            add(counted, -1);
            if (counted.kind() == Kind.POSITIVE || counted.kind() == Kind.NEGATIVE) {
                changed(counted.month(), counted.unitId(), envelope);
            }
        });
    }

    /** A unit's month in the tally. */
    private record TallyKey(String month, String unitId) implements Comparable<TallyKey> {
        @Override
        public int compareTo(TallyKey o) {
            int byMonth = month.compareTo(o.month);
            return byMonth != 0 ? byMonth : unitId.compareTo(o.unitId);
        }
    }

    /** What records add to (or, taken back out, subtract from) one unit's month. */
    private static final class TallyDelta {
        int positiveEntries;
        BigDecimal positivePoints = BigDecimal.ZERO;
        int negativeEntries;
        BigDecimal negativePoints = BigDecimal.ZERO;
        int interviews;
        int blueCards;
        int yellowCards;
        int redCards;

        void add(Counted c, int sign) {
            switch (c.kind()) {
                case POSITIVE -> {
                    positiveEntries += sign;
                    positivePoints = positivePoints.add(c.points().multiply(BigDecimal.valueOf(sign)));
                }
                case NEGATIVE -> {
                    negativeEntries += sign;
                    negativePoints = negativePoints.add(c.points().multiply(BigDecimal.valueOf(sign)));
                }
                case INTERVIEW -> interviews += sign;
                case CARD -> {
                    switch (c.colour()) {
                        case "BLUE" -> blueCards += sign;
                        case "YELLOW" -> yellowCards += sign;
                        case "RED" -> redCards += sign;
                        default -> throw new IllegalArgumentException("no tally column for cards of colour " + c.colour());
                    }
                }
                default -> throw new IllegalArgumentException("no tally for " + c.kind());
            }
        }
    }

    private static final String TALLY_SUMS = "monthly-unit-tally";

    /**
     * One upsert per unit and month: adds the delta to the row, creating it when it is not there yet. Every
     * column is a sum, so deltas of one batch can be summed first and written once.
     */
    private static final String ADD_TO_TALLY = """
            INSERT INTO monthly_unit_tally AS t (unit_id, month, positive_entries, positive_points, negative_entries,
                   negative_points, interviews, blue_cards, yellow_cards, red_cards)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (month, unit_id) DO UPDATE SET
                   positive_entries = t.positive_entries + EXCLUDED.positive_entries,
                   positive_points = t.positive_points + EXCLUDED.positive_points,
                   negative_entries = t.negative_entries + EXCLUDED.negative_entries,
                   negative_points = t.negative_points + EXCLUDED.negative_points,
                   interviews = t.interviews + EXCLUDED.interviews,
                   blue_cards = t.blue_cards + EXCLUDED.blue_cards,
                   yellow_cards = t.yellow_cards + EXCLUDED.yellow_cards,
                   red_cards = t.red_cards + EXCLUDED.red_cards""";

    /**
     * Adds a record to its unit's month (or takes it back out). Within a batch the applier runs, the
     * batch's deltas are summed in memory per unit and month and written as one upsert per key, just
     * before the batch's writes are sent (at its end, in its transaction, or before a read); the
     * batch's position claims commit with them, so a redelivered batch adds nothing twice. Outside a
     * batch (a record applied on its own) the upsert is written at once.
     */
    private void add(Counted c, int sign) {
        TallyKey key = new TallyKey(c.month(), c.unitId());
        if (jdbc instanceof BatchingJdbcTemplate batching && batching.isDeferring()) {
            Map<Object, Object> sums = batching.batchMemo(TALLY_SUMS);
            ((TallyDelta) sums.computeIfAbsent(key, k -> new TallyDelta())).add(c, sign);
            batching.beforeSending(TALLY_SUMS, () -> writeSums(sums));
        } else {
            TallyDelta delta = new TallyDelta();
            delta.add(c, sign);
            jdbc.update(ADD_TO_TALLY, upsertArguments(key, delta));
        }
    }

    /** The batch's sums, one upsert per unit and month, in key order (so concurrent batches lock rows in one order). */
    private void writeSums(Map<Object, Object> sums) {
        java.util.TreeMap<TallyKey, TallyDelta> sorted = new java.util.TreeMap<>();
        sums.forEach((k, v) -> sorted.put((TallyKey) k, (TallyDelta) v));
        sums.clear();
        sorted.forEach((key, delta) -> jdbc.update(ADD_TO_TALLY, upsertArguments(key, delta)));
    }

    private static Object[] upsertArguments(TallyKey key, TallyDelta d) {
        return new Object[] {key.unitId(), key.month(), d.positiveEntries, d.positivePoints, d.negativeEntries,
                d.negativePoints, d.interviews, d.blueCards, d.yellowCards, d.redCards};
    }

    /**
     * The unit a cadre belongs to now. Within a batch the answer is remembered, and the cadre's
     * registration or transfer earlier in the batch answers it (their writes may not have been sent
     * yet), so the lookup needs neither a round trip per entry nor the batch's writes sent first.
     */
    private String unitOf(String cadreId) {
        Map<Object, Object> known = unitsKnown();
        Object unit = known.get(cadreId);
        if (unit == null) {
            unit = jdbc instanceof BatchingJdbcTemplate batching
                    ? batching.withoutSending(() -> lookUpUnit(cadreId))
                    : lookUpUnit(cadreId);
            known.put(cadreId, unit);
        }
        return (String) unit;
    }

    private String lookUpUnit(String cadreId) {
        return jdbc.queryForObject("SELECT unit_id FROM cadre_unit WHERE cadre_id = ?", String.class, cadreId);
    }

    private Map<Object, Object> unitsKnown() {
        return jdbc instanceof BatchingJdbcTemplate batching ? batching.batchMemo("cadre-unit") : new HashMap<>();
    }
}
