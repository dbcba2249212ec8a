package cn.ledger.query.history;

import cn.ledger.contract.EventCodec;
import cn.ledger.query.history.CadreHistory.Appeal;
import cn.ledger.query.history.CadreHistory.Correction;
import cn.ledger.query.history.CadreHistory.Entry;
import cn.ledger.query.history.CadreHistory.Grade;
import cn.ledger.query.history.CadreHistory.Interview;
import cn.ledger.query.history.CadreHistory.Investigation;
import cn.ledger.query.history.CadreHistory.Membership;
import cn.ledger.query.history.CadreHistory.Post;
import cn.ledger.query.history.CadreHistory.Posting;
import cn.ledger.query.history.CadreHistory.Rank;
import cn.ledger.query.history.CadreHistory.Sanction;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Loads a cadre's records in a window: effective on or before {@code asOf}, recorded at or before
 * {@code knownAt}. A handful of indexed queries per cadre; no history is replayed.
 */
@Repository
public class CadreHistoryRepository {

    /** "Everything the ledger holds now". */
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final NamedParameterJdbcTemplate jdbc;

    public CadreHistoryRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String cadreId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM cadre WHERE cadre_id = :id)",
                Map.of("id", cadreId), Boolean.class));
    }

    /** The cadre's ids in a unit as of a date (by membership), for rosters. */
    public List<String> cadresOf(String unitId, LocalDate asOf, Instant knownAt) {
        return jdbc.queryForList("""
                SELECT m.cadre_id
                  FROM unit_membership m
                 WHERE m.unit_id = :unit AND m.since <= :asOf AND m.recorded_at <= :knownAt
                   AND NOT EXISTS (SELECT 1 FROM unit_membership later
                                    WHERE later.cadre_id = m.cadre_id AND later.since <= :asOf
                                      AND later.recorded_at <= :knownAt
                                      AND (later.since, later.recorded_at) > (m.since, m.recorded_at))
                 ORDER BY m.cadre_id""",
                window(asOf, knownAt).addValue("unit", unitId), String.class);
    }

    /** The names the cadres were registered under, by id (a cadre not in the ledger is left out). */
    public Map<String, String> names(List<String> cadreIds) {
        Map<String, String> names = new java.util.HashMap<>();
        if (cadreIds.isEmpty()) {
            return names;
        }
        jdbc.query("SELECT cadre_id, name FROM cadre WHERE cadre_id IN (:ids)",
                new MapSqlParameterSource("ids", cadreIds),
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> names.put(rs.getString("cadre_id"), rs.getString("name")));
        return names;
    }

    /** Empty when the cadre is unknown, or was not registered (or not yet known) in the window. */
    public Optional<CadreHistory> load(String cadreId, LocalDate asOf, Instant knownAt) {
        Instant known = knownAt == null ? LATEST : knownAt;
        MapSqlParameterSource p = window(asOf, known).addValue("id", cadreId);
        Boolean registered = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM cadre c
                                WHERE c.cadre_id = :id AND c.registered_on <= :asOf
                                  AND EXISTS (SELECT 1 FROM rank_history r
                                               WHERE r.cadre_id = c.cadre_id AND r.recorded_at <= :knownAt))""",
                p, Boolean.class);
        if (!Boolean.TRUE.equals(registered)) {
            return Optional.empty();
        }
        Map<String, Correction> corrections = new HashMap<>();
        jdbc.query("""
                SELECT * FROM correction
                 WHERE stream_id = :id AND effective_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY recorded_at""", p, rs -> {
            corrections.putIfAbsent(rs.getString("record_id"), new Correction(rs.getString("kind"),
                    rs.getString("reason"), rs.getString("superseded_by"), date(rs, "effective_date"),
                    instant(rs, "recorded_at"), rs.getString("event_id")));
        });
        List<Post> posts = jdbc.query("""
                SELECT * FROM post_history WHERE cadre_id = :id AND since <= :asOf AND recorded_at <= :knownAt
                 ORDER BY since, recorded_at""", p,
                (rs, i) -> new Post(rs.getString("post"), rs.getString("post_level"), date(rs, "since"),
                        instant(rs, "recorded_at"), rs.getString("event_id")));
        List<Rank> ranks = jdbc.query("""
                SELECT * FROM rank_history WHERE cadre_id = :id AND since <= :asOf AND recorded_at <= :knownAt
                 ORDER BY since, recorded_at""", p,
                (rs, i) -> new Rank(rs.getString("rank"), date(rs, "since"), instant(rs, "recorded_at"),
                        rs.getString("event_id")));
        List<Membership> units = jdbc.query("""
                SELECT m.*, u.name FROM unit_membership m LEFT JOIN unit u ON u.unit_id = m.unit_id
                 WHERE m.cadre_id = :id AND m.since <= :asOf AND m.recorded_at <= :knownAt
                 ORDER BY m.since, m.recorded_at""", p,
                (rs, i) -> new Membership(rs.getString("unit_id"), rs.getString("name"), date(rs, "since"),
                        instant(rs, "recorded_at"), rs.getString("event_id")));
        List<Entry> entries = jdbc.query("""
                SELECT *, evidence::text AS evidence_json FROM entry
                 WHERE cadre_id = :id AND effective_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY effective_date, recorded_at""", p,
                (rs, i) -> new Entry(rs.getString("entry_id"), rs.getString("polarity"), rs.getString("aspect"),
                        rs.getBigDecimal("points"), rs.getString("summary"), strings(rs.getString("evidence_json")),
                        date(rs, "effective_date"), instant(rs, "recorded_at"), rs.getString("event_id"),
                        corrections.get(rs.getString("entry_id"))));
        List<Interview> interviews = jdbc.query("""
                SELECT * FROM interview
                 WHERE cadre_id = :id AND effective_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY effective_date, recorded_at""", p,
                (rs, i) -> new Interview(rs.getString("interview_id"), rs.getString("unit_id"), rs.getString("kind"),
                        rs.getString("interviewer"), rs.getString("reason"), date(rs, "effective_date"),
                        instant(rs, "recorded_at"), rs.getString("event_id"),
                        corrections.get(rs.getString("interview_id")), rs.getString("same_measure_as")));
        List<Sanction> sanctions = jdbc.query("""
                SELECT * FROM sanction
                 WHERE cadre_id = :id AND effective_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY effective_date, recorded_at""", p,
                (rs, i) -> new Sanction(rs.getString("sanction_id"), rs.getString("kind"),
                        (Integer) rs.getObject("probation_months"), rs.getString("decided_by"), rs.getString("reason"),
                        date(rs, "effective_date"), instant(rs, "recorded_at"), rs.getString("event_id"),
                        corrections.get(rs.getString("sanction_id")), rs.getString("same_measure_as")));
        List<Investigation> investigations = jdbc.query("""
                SELECT * FROM investigation
                 WHERE cadre_id = :id AND opened_on <= :asOf AND recorded_at <= :knownAt
                 ORDER BY opened_on, recorded_at""", p,
                (rs, i) -> {
                    boolean closed = rs.getDate("closed_on") != null && !date(rs, "closed_on").isAfter(asOf)
                            && !instant(rs, "closed_recorded_at").isAfter(known);
                    return new Investigation(rs.getString("investigation_id"), rs.getString("authority"),
                            rs.getString("reason"), date(rs, "opened_on"), instant(rs, "recorded_at"),
                            rs.getString("event_id"), closed ? date(rs, "closed_on") : null,
                            closed ? rs.getString("outcome") : null, closed ? rs.getString("closed_event_id") : null,
                            corrections.get(rs.getString("investigation_id")));
                });
        List<Grade> grades = jdbc.query("""
                SELECT * FROM annual_grade
                 WHERE cadre_id = :id AND effective_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY year, recorded_at""", p,
                (rs, i) -> new Grade(rs.getString("grade_id"), rs.getInt("year"), rs.getString("grade"),
                        date(rs, "effective_date"), instant(rs, "recorded_at"), rs.getString("event_id"),
                        corrections.get(rs.getString("grade_id"))));
        List<Posting> postings = jdbc.query("""
                SELECT * FROM frontline_posting
                 WHERE cadre_id = :id AND start_date <= :asOf AND recorded_at <= :knownAt
                 ORDER BY start_date, recorded_at""", p,
                (rs, i) -> {
                    LocalDate end = date(rs, "end_date");
                    // an end recorded with the posting is known with it; one recorded later only from then,
                    // and only once it has happened
                    boolean endKnown = rs.getTimestamp("ended_recorded_at") == null
                            || !instant(rs, "ended_recorded_at").isAfter(known) && !end.isAfter(asOf);
                    LocalDate endInWindow = end != null && endKnown ? end : null;
                    return new Posting(rs.getString("posting_id"), rs.getString("kind"), rs.getString("description"),
                            date(rs, "start_date"), endInWindow, instant(rs, "recorded_at"), rs.getString("event_id"),
                            endKnown ? rs.getString("ended_event_id") : null,
                            corrections.get(rs.getString("posting_id")));
                });
        List<Appeal> appeals = jdbc.query("""
                SELECT * FROM appeal
                 WHERE cadre_id = :id AND filed_on <= :asOf AND recorded_at <= :knownAt
                 ORDER BY filed_on, recorded_at""", p,
                (rs, i) -> {
                    boolean decided = rs.getString("outcome") != null && !date(rs, "decided_on").isAfter(asOf)
                            && !instant(rs, "decided_recorded_at").isAfter(known);
                    return new Appeal(rs.getString("appeal_id"), rs.getString("contested_record_id"),
                            rs.getString("stage"), rs.getString("reason"), date(rs, "decision_due_by"),
                            date(rs, "filed_on"), instant(rs, "recorded_at"), rs.getString("event_id"),
                            decided ? rs.getString("outcome") : null, decided ? rs.getString("decision_reason") : null,
                            decided ? date(rs, "decided_on") : null, decided ? rs.getString("decided_event_id") : null);
                });
        return jdbc.query("SELECT * FROM cadre WHERE cadre_id = :id", p, (rs, i) -> new CadreHistory(
                cadreId, rs.getString("name"), date(rs, "registered_on"), date(rs, "work_start_date"),
                rs.getInt("grassroots_years"), rs.getString("education"), asOf, knownAt, posts, ranks, units, entries,
                interviews, sanctions, investigations, grades, postings, appeals)).stream().findFirst();
    }

    /** Red, yellow and blue cards a unit held in the window, by quarter. */
    public List<UnitCard> cardsOf(String unitId, LocalDate asOf, Instant knownAt) {
        return jdbc.query("""
                SELECT c.* FROM card c
                 WHERE c.unit_id = :unit AND c.effective_date <= :asOf AND c.recorded_at <= :knownAt
                   AND NOT EXISTS (SELECT 1 FROM correction x
                                    WHERE x.record_id = c.card_id AND x.effective_date <= :asOf
                                      AND x.recorded_at <= :knownAt)
                 ORDER BY c.quarter, c.effective_date""",
                window(asOf, knownAt).addValue("unit", unitId),
                (rs, i) -> new UnitCard(rs.getString("card_id"), rs.getString("aspect"), rs.getString("quarter"),
                        rs.getString("colour"), date(rs, "effective_date"), instant(rs, "recorded_at"),
                        rs.getString("event_id")));
    }

    public record UnitCard(String cardId, String aspect, String quarter, String colour, LocalDate effectiveDate,
            Instant recordedAt, String eventId) {}

    private static MapSqlParameterSource window(LocalDate asOf, Instant knownAt) {
        return new MapSqlParameterSource().addValue("asOf", asOf)
                .addValue("knownAt", Timestamp.from(knownAt == null ? LATEST : knownAt));
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : EventCodec.mapper().readValue(json, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
