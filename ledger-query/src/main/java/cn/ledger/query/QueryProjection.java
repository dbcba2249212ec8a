package cn.ledger.query;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.event.AccountabilityProcedureOpened;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.AppealDecided;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRankChanged;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.FrontlinePostingEnded;
import cn.ledger.contract.event.FrontlinePostingRecorded;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.InvestigationClosed;
import cn.ledger.contract.event.InvestigationOpened;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.NegativeEntryTolerated;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.projection.Projection;
import cn.ledger.projection.UnitTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * ledger-query's read models. Every event lands in the timeline ({@code ledger_record}) and in the
 * table of its kind; corrections are rows of their own, never an update of the corrected record.
 * Duplicates never reach here (the applier claims each stream position once).
 */
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
        apply(envelope, null);
    }

    /**
     * The envelope's text is storable (see {@code StorableText}); when some of it had to be replaced, the
     * payload as published is kept byte for byte in {@code payload_original} beside the cleaned copy.
     */
    @Override
    public void apply(LedgerEnvelope envelope, byte[] originalPayload) {
        LedgerEvent event = envelope.event();
        Timestamp at = Timestamp.from(envelope.recordedAt());
        String eventId = envelope.eventId();
        jdbc.update("""
                INSERT INTO ledger_record (event_id, stream_id, sequence, type, effective_date, recorded_at,
                                           recorded_by, correlation_id, payload, payload_original)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)""",
                eventId, envelope.subject(), envelope.sequence(), envelope.type(), envelope.effectiveDate(), at,
                envelope.recordedBy(), envelope.correlationId(),
                new String(EventCodec.toJson(event), StandardCharsets.UTF_8), originalPayload);

        if (UnitTable.apply(jdbc, event)) {
            // the unit table, kept as ledger-projection keeps it
        } else if (event instanceof CadreRegistered e) {
            jdbc.update("""
                    INSERT INTO cadre (cadre_id, name, unit_id, post, post_level, post_since, rank, rank_since,
                                       work_start_date, grassroots_years, education, registered_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.cadreId(), e.name(), e.unitId(), e.post(), e.postLevel(), e.postSince(), e.rank(),
                    e.rankSince(), e.workStartDate(), e.grassrootsYears(), e.education(), e.effectiveDate());
            postHistory(eventId, e.cadreId(), e.post(), e.postLevel(), e.postSince(), at);
            rankHistory(eventId, e.cadreId(), e.rank(), e.rankSince(), at);
            membership(eventId, e.cadreId(), e.unitId(), e.effectiveDate(), at);
        } else if (event instanceof CadreAppointed e) {
            jdbc.update("UPDATE cadre SET post = ?, post_level = ?, post_since = ? WHERE cadre_id = ?",
                    e.post(), e.postLevel(), e.effectiveDate(), e.cadreId());
            postHistory(eventId, e.cadreId(), e.post(), e.postLevel(), e.effectiveDate(), at);
        } else if (event instanceof CadreRankChanged e) {
            jdbc.update("UPDATE cadre SET rank = ?, rank_since = ? WHERE cadre_id = ?",
                    e.rank(), e.effectiveDate(), e.cadreId());
            rankHistory(eventId, e.cadreId(), e.rank(), e.effectiveDate(), at);
        } else if (event instanceof CadreTransferred e) {
            jdbc.update("UPDATE cadre SET unit_id = ? WHERE cadre_id = ?", e.toUnitId(), e.cadreId());
            membership(eventId, e.cadreId(), e.toUnitId(), e.effectiveDate(), at);
        } else if (event instanceof PositiveEntryRecorded e) {
            insertEntry(e.entryId(), e.cadreId(), "POSITIVE", e.aspect(), e.points(), e.summary(), e.evidence(),
                    e.effectiveDate(), at, eventId);
        } else if (event instanceof NegativeEntryRecorded e) {
            insertEntry(e.entryId(), e.cadreId(), "NEGATIVE", e.aspect(), e.points(), e.summary(), e.evidence(),
                    e.effectiveDate(), at, eventId);
        } else if (event instanceof InterviewRecorded e) {
            jdbc.update("""
                    INSERT INTO interview (interview_id, cadre_id, unit_id, kind, interviewer, reason, effective_date,
                                           recorded_at, event_id, same_measure_as)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.interviewId(), e.cadreId(), e.unitId(), e.kind().name(), e.interviewer(), e.reason(),
                    e.effectiveDate(), at, eventId, e.sameMeasureAs());
        } else if (event instanceof SanctionImposed e) {
            jdbc.update("""
                    INSERT INTO sanction (sanction_id, cadre_id, kind, probation_months, decided_by, reason,
                                          effective_date, recorded_at, event_id, same_measure_as)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.sanctionId(), e.cadreId(), e.kind().name(), e.probationMonths(), e.decidedBy(), e.reason(),
                    e.effectiveDate(), at, eventId, e.sameMeasureAs());
        } else if (event instanceof InvestigationOpened e) {
            jdbc.update("""
                    INSERT INTO investigation (investigation_id, cadre_id, authority, reason, opened_on, recorded_at,
                                               event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    e.investigationId(), e.cadreId(), e.authority(), e.reason(), e.effectiveDate(), at, eventId);
        } else if (event instanceof InvestigationClosed e) {
            jdbc.update("""
                    UPDATE investigation SET closed_on = ?, outcome = ?, closed_recorded_at = ?, closed_event_id = ?
                     WHERE investigation_id = ?""",
                    e.effectiveDate(), e.outcome(), at, eventId, e.investigationId());
        } else if (event instanceof AnnualGradeRecorded e) {
            jdbc.update("""
                    INSERT INTO annual_grade (grade_id, cadre_id, year, grade, effective_date, recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    e.gradeId(), e.cadreId(), e.year(), e.grade().name(), e.effectiveDate(), at, eventId);
        } else if (event instanceof FrontlinePostingRecorded e) {
            jdbc.update("""
                    INSERT INTO frontline_posting (posting_id, cadre_id, kind, description, start_date, end_date,
                                                   recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.postingId(), e.cadreId(), e.kind().name(), e.description(), e.effectiveDate(), e.endDate(), at,
                    eventId);
        } else if (event instanceof FrontlinePostingEnded e) {
            jdbc.update("""
                    UPDATE frontline_posting SET end_date = ?, ended_recorded_at = ?, ended_event_id = ?
                     WHERE posting_id = ?""",
                    e.effectiveDate(), at, eventId, e.postingId());
        } else if (event instanceof AppealFiled e) {
            jdbc.update("""
                    INSERT INTO appeal (appeal_id, cadre_id, contested_record_id, stage, reason, decision_due_by,
                                        filed_on, recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.appealId(), e.cadreId(), e.contestedRecordId(), e.stage().name(), e.reason(), e.decisionDueBy(),
                    e.effectiveDate(), at, eventId);
        } else if (event instanceof AppealDecided e) {
            jdbc.update("""
                    UPDATE appeal SET outcome = ?, decision_reason = ?, decided_on = ?, decided_recorded_at = ?,
                                      decided_event_id = ?
                     WHERE appeal_id = ?""",
                    e.outcome().name(), e.reason(), e.effectiveDate(), at, eventId, e.appealId());
        } else if (event instanceof RecordRevoked e) {
            correction(eventId, e.streamId(), e.recordId(), "REVOKED", e.supersededBy(), e.reason(), e.effectiveDate(),
                    at);
        } else if (event instanceof NegativeEntryTolerated e) {
            correction(eventId, e.cadreId(), e.entryId(), "TOLERATED", null, e.reason(), e.effectiveDate(), at);
        } else if (event instanceof CardIssued e) {
            jdbc.update("""
                    INSERT INTO card (card_id, unit_id, aspect, quarter, colour, issued_by_unit_id, effective_date,
                                      recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.cardId(), e.unitId(), e.aspect(), e.quarter(), e.colour().name(), e.issuedByUnitId(),
                    e.effectiveDate(), at, eventId);
        } else if (event instanceof AssignmentIssued e) {
            jdbc.update("""
                    INSERT INTO assignment (assignment_id, unit_id, kind, title, due_date, issued_by_unit_id, issued_on,
                                            recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.assignmentId(), e.unitId(), e.kind().name(), e.title(), e.dueDate(), e.issuedByUnitId(),
                    e.effectiveDate(), at, eventId);
        } else if (event instanceof AssignmentCompleted e) {
            jdbc.update("UPDATE assignment SET completed_on = ?, completed_event_id = ? WHERE assignment_id = ?",
                    e.effectiveDate(), eventId, e.assignmentId());
        } else if (event instanceof EvaluationScored e) {
            jdbc.update("""
                    INSERT INTO evaluation (evaluation_id, unit_id, month, score, assessor, effective_date, recorded_at,
                                            event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    e.evaluationId(), e.unitId(), e.month(), e.score(), e.assessor(), e.effectiveDate(), at, eventId);
        } else if (event instanceof AccountabilityProcedureOpened e) {
            jdbc.update("""
                    INSERT INTO accountability_procedure (procedure_id, unit_id, month, reason, effective_date,
                                                          recorded_at, event_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    e.procedureId(), e.unitId(), e.month(), e.reason(), e.effectiveDate(), at, eventId);
        }
    }

    private void postHistory(String eventId, String cadreId, String post, String level, LocalDate since, Timestamp at) {
        jdbc.update("INSERT INTO post_history (event_id, cadre_id, post, post_level, since, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", eventId, cadreId, post, level, since, at);
    }

    private void rankHistory(String eventId, String cadreId, String rank, LocalDate since, Timestamp at) {
        jdbc.update("INSERT INTO rank_history (event_id, cadre_id, rank, since, recorded_at) VALUES (?, ?, ?, ?, ?)",
                eventId, cadreId, rank, since, at);
    }

    private void membership(String eventId, String cadreId, String unitId, LocalDate since, Timestamp at) {
        jdbc.update("INSERT INTO unit_membership (event_id, cadre_id, unit_id, since, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?)", eventId, cadreId, unitId, since, at);
    }

    private void correction(String eventId, String streamId, String recordId, String kind, String supersededBy,
            String reason, LocalDate effectiveDate, Timestamp at) {
        jdbc.update("""
                INSERT INTO correction (event_id, stream_id, record_id, kind, superseded_by, reason, effective_date,
                                        recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                eventId, streamId, recordId, kind, supersededBy, reason, effectiveDate, at);
    }

    private void insertEntry(String entryId, String cadreId, String polarity, String aspect, BigDecimal points,
            String summary, List<String> evidence, LocalDate effectiveDate, Timestamp recordedAt, String eventId) {
        jdbc.update("""
                INSERT INTO entry (entry_id, cadre_id, polarity, aspect, points, summary, evidence, effective_date,
                                   recorded_at, event_id)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)""",
                entryId, cadreId, polarity, aspect, points, summary,
                new String(EventCodec.toJson(evidence), StandardCharsets.UTF_8), effectiveDate, recordedAt, eventId);
    }
}
