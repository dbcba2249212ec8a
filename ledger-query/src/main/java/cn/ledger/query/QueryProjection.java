package cn.ledger.query;

import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.projection.Projection;
import java.sql.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** ledger-query's read models: one plain insert per event; duplicates never reach here. */
@Component
public class QueryProjection implements Projection {

    private final JdbcTemplate jdbc;

    public QueryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "ledger-query";
    }

    @Override
    public void apply(LedgerEnvelope envelope) {
        LedgerEvent event = envelope.event();
        Timestamp recordedAt = Timestamp.from(envelope.recordedAt());
        if (event instanceof UnitRegistered e) {
            jdbc.update("INSERT INTO unit (unit_id, name, category, parent_unit_id, registered_on) VALUES (?, ?, ?, ?, ?)",
                    e.unitId(), e.name(), e.category().name(), e.parentUnitId(), e.effectiveDate());
        } else if (event instanceof CadreRegistered e) {
            jdbc.update("""
                    INSERT INTO cadre (cadre_id, name, unit_id, post, post_level, post_since, rank, rank_since,
                                       work_start_date, grassroots_years, education, registered_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.cadreId(), e.name(), e.unitId(), e.post(), e.postLevel(), e.postSince(), e.rank(),
                    e.rankSince(), e.workStartDate(), e.grassrootsYears(), e.education(), e.effectiveDate());
        } else if (event instanceof PositiveEntryRecorded e) {
            insertEntry(e.entryId(), e.cadreId(), "POSITIVE", e.aspect(), e.points(), e.summary(), e.effectiveDate(),
                    recordedAt, envelope.eventId());
        } else if (event instanceof NegativeEntryRecorded e) {
            insertEntry(e.entryId(), e.cadreId(), "NEGATIVE", e.aspect(), e.points(), e.summary(), e.effectiveDate(),
                    recordedAt, envelope.eventId());
        } else if (event instanceof InterviewRecorded e) {
            jdbc.update("""
                    INSERT INTO interview (interview_id, cadre_id, unit_id, kind, interviewer, reason, effective_date,
                                           recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.interviewId(), e.cadreId(), e.unitId(), e.kind().name(), e.interviewer(), e.reason(),
                    e.effectiveDate(), recordedAt, envelope.eventId());
        } else if (event instanceof CardIssued e) {
            jdbc.update("""
                    INSERT INTO card (card_id, unit_id, aspect, quarter, colour, issued_by_unit_id, effective_date,
                                      recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.cardId(), e.unitId(), e.aspect(), e.quarter(), e.colour().name(), e.issuedByUnitId(),
                    e.effectiveDate(), recordedAt, envelope.eventId());
        }
    }

    private void insertEntry(String entryId, String cadreId, String polarity, String aspect, java.math.BigDecimal points,
            String summary, java.time.LocalDate effectiveDate, Timestamp recordedAt, String eventId) {
        jdbc.update("""
                INSERT INTO entry (entry_id, cadre_id, polarity, aspect, points, summary, effective_date, recorded_at,
                                   event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                entryId, cadreId, polarity, aspect, points, summary, effectiveDate, recordedAt, eventId);
    }
}
