package cn.ledger.ranking.monthly;

import cn.ledger.ranking.monthly.MonthlyRanking.Outcome;
import cn.ledger.ranking.monthly.MonthlyRanking.Ranked;
import cn.ledger.ranking.monthly.MonthlyRanking.UnitMonth;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The ranking tables and the inputs a month's ranking is computed from. */
@Repository
public class RankingStore {

    private final JdbcTemplate jdbc;

    public RankingStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record MonthState(YearMonth month, Instant closedAt, String closedBy, int latestVersion, long seenChangeId) {}

    public record Version(YearMonth month, int version, Instant createdAt, String reason, String policyVersion) {}

    /** Every unit with an evaluation score for the month, with its assignments and entry points. */
    public List<UnitMonth> inputs(YearMonth month) {
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        return jdbc.query("""
                WITH scored AS (
                    SELECT unit_id, ROUND(AVG(score), 2) AS evaluation_score
                      FROM evaluation WHERE month = ? AND NOT revoked GROUP BY unit_id)
                SELECT u.unit_id, u.name, u.category, u.parent_unit_id, s.evaluation_score,
                       a.due, a.on_time, a.late, a.open, p.positive_points, p.negative_points
                  FROM scored s
                  JOIN unit u ON u.unit_id = s.unit_id
                  CROSS JOIN LATERAL (
                      SELECT COUNT(*) AS due,
                             COUNT(*) FILTER (WHERE completed_on <= due_date) AS on_time,
                             COUNT(*) FILTER (WHERE completed_on > due_date) AS late,
                             COUNT(*) FILTER (WHERE completed_on IS NULL) AS open
                        FROM assignment
                       WHERE unit_id = s.unit_id AND due_date BETWEEN ? AND ? AND NOT revoked) a
                  CROSS JOIN LATERAL (
                      SELECT COALESCE(SUM(points) FILTER (WHERE kind = 'POSITIVE'), 0) AS positive_points,
                             COALESCE(SUM(points) FILTER (WHERE kind = 'NEGATIVE'), 0) AS negative_points
                        FROM counted_record
                       WHERE unit_id = s.unit_id AND month = ? AND kind IN ('POSITIVE', 'NEGATIVE')
                         AND NOT excluded) p
                 ORDER BY u.unit_id""",
                (rs, i) -> new UnitMonth(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        rs.getString("parent_unit_id"), rs.getBigDecimal("evaluation_score"), rs.getInt("due"),
                        rs.getInt("on_time"), rs.getInt("late"), rs.getInt("open"),
                        rs.getBigDecimal("positive_points"), rs.getBigDecimal("negative_points")),
                month.toString(), first, last, month.toString());
    }

    /** The newest change mark of a month, 0 when there is none. */
    public long lastChange(YearMonth month) {
        Long id = jdbc.queryForObject("SELECT MAX(change_id) FROM month_change WHERE month = ?", Long.class,
                month.toString());
        return id == null ? 0 : id;
    }

    /** Months that have records and are not closed, with when their last record arrived. */
    public List<OpenMonth> openMonths() {
        return jdbc.query("""
                SELECT c.month, MAX(c.applied_at) AS last_applied
                  FROM month_change c
                 WHERE NOT EXISTS (SELECT 1 FROM ranking_month r WHERE r.month = c.month)
                 GROUP BY c.month ORDER BY c.month""",
                (rs, i) -> new OpenMonth(YearMonth.parse(rs.getString("month")),
                        rs.getTimestamp("last_applied").toInstant()));
    }

    public record OpenMonth(YearMonth month, Instant lastRecordApplied) {}

    /** Closed months whose inputs changed after their latest version was made. */
    public List<YearMonth> changedClosedMonths() {
        return jdbc.query("""
                SELECT r.month FROM ranking_month r
                 WHERE EXISTS (SELECT 1 FROM month_change c WHERE c.month = r.month AND c.change_id > r.seen_change_id)
                 ORDER BY r.month""",
                (rs, i) -> YearMonth.parse(rs.getString(1)));
    }

    /** Takes the month's row lock; empty when the month is not closed. */
    public Optional<MonthState> lockMonth(YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_month WHERE month = ? FOR UPDATE", this::monthState,
                month.toString()).stream().findFirst();
    }

    public Optional<MonthState> month(YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_month WHERE month = ?", this::monthState, month.toString())
                .stream().findFirst();
    }

    public List<MonthState> closedMonths() {
        return jdbc.query("SELECT * FROM ranking_month ORDER BY month", this::monthState);
    }

    /** Claims the month for closing; false when another instance closed it first. */
    public boolean insertMonth(YearMonth month, Instant closedAt, String closedBy, long seenChangeId) {
        return jdbc.update("""
                INSERT INTO ranking_month (month, closed_at, closed_by, latest_version, seen_change_id)
                VALUES (?, ?, ?, 0, ?) ON CONFLICT (month) DO NOTHING""",
                month.toString(), Timestamp.from(closedAt), closedBy, seenChangeId) == 1;
    }

    public void saveVersion(YearMonth month, int version, Instant at, String reason, String policyVersion,
            long seenChangeId, List<Ranked> ranking) {
        jdbc.update("""
                INSERT INTO ranking_version (month, version, created_at, reason, policy_version, seen_change_id)
                VALUES (?, ?, ?, ?, ?, ?)""",
                month.toString(), version, Timestamp.from(at), reason, policyVersion, seenChangeId);
        jdbc.batchUpdate("""
                INSERT INTO ranking_entry (month, version, unit_id, unit_name, category, parent_unit_id, rank,
                    group_size, score, evaluation_score, evaluation_points, assignments_due, on_time, late, open,
                    completion_rate, assignment_points, positive_points, negative_points, entry_points, outcome,
                    last_place)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ranking.stream().map(r -> new Object[] {month.toString(), version, r.unit().unitId(),
                        r.unit().unitName(), r.unit().category(), r.unit().parentUnitId(), r.rank(), r.groupSize(),
                        r.score(), r.unit().evaluationScore(), r.evaluationPoints(), r.unit().assignmentsDue(),
                        r.unit().onTime(), r.unit().late(), r.unit().open(), r.completionRate(),
                        r.assignmentPoints(), r.unit().positivePoints(), r.unit().negativePoints(), r.entryPoints(),
                        r.outcome().name(), r.lastPlace()}).toList());
        jdbc.update("UPDATE ranking_month SET latest_version = ?, seen_change_id = ? WHERE month = ?", version,
                seenChangeId, month.toString());
    }

    public void markSeen(YearMonth month, long seenChangeId) {
        jdbc.update("UPDATE ranking_month SET seen_change_id = ? WHERE month = ?", seenChangeId, month.toString());
    }

    public List<Version> versions(YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_version WHERE month = ? ORDER BY version",
                (rs, i) -> new Version(month, rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("reason"), rs.getString("policy_version")),
                month.toString());
    }

    public List<Ranked> entries(YearMonth month, int version) {
        return jdbc.query("""
                SELECT * FROM ranking_entry WHERE month = ? AND version = ?
                 ORDER BY category, parent_unit_id, rank, unit_id""",
                (rs, i) -> new Ranked(
                        new UnitMonth(rs.getString("unit_id"), rs.getString("unit_name"), rs.getString("category"),
                                rs.getString("parent_unit_id"), rs.getBigDecimal("evaluation_score"),
                                rs.getInt("assignments_due"), rs.getInt("on_time"), rs.getInt("late"),
                                rs.getInt("open"), rs.getBigDecimal("positive_points"),
                                rs.getBigDecimal("negative_points")),
                        rs.getInt("rank"), rs.getInt("group_size"), rs.getBigDecimal("score"),
                        rs.getBigDecimal("evaluation_points"), rs.getBigDecimal("completion_rate"),
                        rs.getBigDecimal("assignment_points"), rs.getBigDecimal("entry_points"),
                        Outcome.valueOf(rs.getString("outcome")), rs.getBoolean("last_place")),
                month.toString(), version);
    }

    /** Units in last place in the latest version of each closed month. */
    public List<String[]> lastPlaces() {
        return jdbc.query("""
                SELECT e.month, e.unit_id FROM ranking_entry e
                  JOIN ranking_month r ON r.month = e.month AND e.version = r.latest_version
                 WHERE e.last_place""",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
    }

    private MonthState monthState(ResultSet rs, int i) throws SQLException {
        return new MonthState(YearMonth.parse(rs.getString("month")), rs.getTimestamp("closed_at").toInstant(),
                rs.getString("closed_by"), rs.getInt("latest_version"), rs.getLong("seen_change_id"));
    }
}
