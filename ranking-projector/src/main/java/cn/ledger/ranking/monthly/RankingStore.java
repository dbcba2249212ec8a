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

    /**
     * The review group of a unit without a parent. Units are closed, versioned and counted for the
     * accountability trigger per review group: the parent unit whose children are ranked together.
     */
    public static final String NO_PARENT = "";

    /** SQL for the review group of the unit aliased {@code u}. */
    private static final String GROUP_OF_U = "COALESCE(u.parent_unit_id, '')";

    public record MonthState(String groupId, YearMonth month, Instant closedAt, String closedBy, int latestVersion,
            long seenChangeId) {}

    public record Version(String groupId, YearMonth month, int version, Instant createdAt, String reason,
            String policyVersion) {}

    /** Every unit of the group with an evaluation score for the month, with its assignments and entry points. */
    public List<UnitMonth> inputs(String groupId, YearMonth month) {
        return inputs(groupId, month, true);
    }

    /** Every unit with an evaluation score for the month, in every group. */
    public List<UnitMonth> inputs(YearMonth month) {
        return inputs(null, month, false);
    }

    private List<UnitMonth> inputs(String groupId, YearMonth month, boolean oneGroup) {
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
                 WHERE (NOT ? OR COALESCE(u.parent_unit_id, '') = ?)
                 ORDER BY u.unit_id""",
                (rs, i) -> new UnitMonth(rs.getString("unit_id"), rs.getString("name"), rs.getString("category"),
                        rs.getString("parent_unit_id"), rs.getBigDecimal("evaluation_score"), rs.getInt("due"),
                        rs.getInt("on_time"), rs.getInt("late"), rs.getInt("open"),
                        rs.getBigDecimal("positive_points"), rs.getBigDecimal("negative_points")),
                month.toString(), first, last, month.toString(), oneGroup, groupId);
    }

    /** The newest change mark of the group's month, 0 when there is none. */
    public long lastChange(String groupId, YearMonth month) {
        Long id = jdbc.queryForObject("""
                SELECT MAX(c.change_id) FROM month_change c JOIN unit u ON u.unit_id = c.unit_id
                 WHERE c.month = ? AND %s = ?""".formatted(GROUP_OF_U), Long.class, month.toString(), groupId);
        return id == null ? 0 : id;
    }

    /**
     * The months of each review group that have records and are not closed for it, with when the group's
     * last record for the month arrived.
     */
    public List<OpenMonth> openMonths() {
        return jdbc.query("""
                SELECT %1$s AS group_id, c.month, MAX(c.applied_at) AS last_applied
                  FROM month_change c JOIN unit u ON u.unit_id = c.unit_id
                 WHERE NOT EXISTS (SELECT 1 FROM ranking_month r WHERE r.month = c.month AND r.group_id = %1$s)
                 GROUP BY %1$s, c.month ORDER BY c.month, 1""".formatted(GROUP_OF_U),
                (rs, i) -> new OpenMonth(rs.getString("group_id"), YearMonth.parse(rs.getString("month")),
                        rs.getTimestamp("last_applied").toInstant()));
    }

    public record OpenMonth(String groupId, YearMonth month, Instant lastRecordApplied) {}

    public record GroupMonth(String groupId, YearMonth month) {}

    /** Closed months of a group whose inputs changed after their latest version was made. */
    public List<GroupMonth> changedClosedMonths() {
        return jdbc.query("""
                SELECT r.group_id, r.month FROM ranking_month r
                 WHERE EXISTS (SELECT 1 FROM month_change c JOIN unit u ON u.unit_id = c.unit_id
                                WHERE c.month = r.month AND %s = r.group_id AND c.change_id > r.seen_change_id)
                 ORDER BY r.month, r.group_id""".formatted(GROUP_OF_U),
                (rs, i) -> new GroupMonth(rs.getString(1), YearMonth.parse(rs.getString(2))));
    }

    /** Takes the group's month's row lock; empty when the month is not closed for the group. */
    public Optional<MonthState> lockMonth(String groupId, YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_month WHERE group_id = ? AND month = ? FOR UPDATE", this::monthState,
                groupId, month.toString()).stream().findFirst();
    }

    public Optional<MonthState> month(String groupId, YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_month WHERE group_id = ? AND month = ?", this::monthState, groupId,
                month.toString()).stream().findFirst();
    }

    /** Every group's state of the month, for the groups that closed it. */
    public List<MonthState> closedGroups(YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_month WHERE month = ? ORDER BY group_id", this::monthState,
                month.toString());
    }

    /** The months the group has closed. */
    public List<MonthState> closedMonths(String groupId) {
        return jdbc.query("SELECT * FROM ranking_month WHERE group_id = ? ORDER BY month", this::monthState, groupId);
    }

    /** Whether the unit is known. */
    public boolean unitExists(String unitId) {
        return !jdbc.queryForList("SELECT 1 FROM unit WHERE unit_id = ?", Integer.class, unitId).isEmpty();
    }

    /** Claims the group's month for closing; false when it was closed already (by another instance too). */
    public boolean insertMonth(String groupId, YearMonth month, Instant closedAt, String closedBy, long seenChangeId) {
        return jdbc.update("""
                INSERT INTO ranking_month (group_id, month, closed_at, closed_by, latest_version, seen_change_id)
                VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (group_id, month) DO NOTHING""",
                groupId, month.toString(), Timestamp.from(closedAt), closedBy, seenChangeId) == 1;
    }

    public void saveVersion(String groupId, YearMonth month, int version, Instant at, String reason,
            String policyVersion, long seenChangeId, List<Ranked> ranking) {
        jdbc.update("""
                INSERT INTO ranking_version (group_id, month, version, created_at, reason, policy_version,
                    seen_change_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                groupId, month.toString(), version, Timestamp.from(at), reason, policyVersion, seenChangeId);
        jdbc.batchUpdate("""
                INSERT INTO ranking_entry (group_id, month, version, unit_id, unit_name, category, parent_unit_id,
                    rank, group_size, score, evaluation_score, evaluation_points, assignments_due, on_time, late,
                    open, completion_rate, assignment_points, positive_points, negative_points, entry_points,
                    outcome, last_place)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ranking.stream().map(r -> new Object[] {groupId, month.toString(), version, r.unit().unitId(),
                        r.unit().unitName(), r.unit().category(), r.unit().parentUnitId(), r.rank(), r.groupSize(),
                        r.score(), r.unit().evaluationScore(), r.evaluationPoints(), r.unit().assignmentsDue(),
                        r.unit().onTime(), r.unit().late(), r.unit().open(), r.completionRate(),
                        r.assignmentPoints(), r.unit().positivePoints(), r.unit().negativePoints(), r.entryPoints(),
                        r.outcome().name(), r.lastPlace()}).toList());
        jdbc.update("UPDATE ranking_month SET latest_version = ?, seen_change_id = ? WHERE group_id = ? AND month = ?",
                version, seenChangeId, groupId, month.toString());
    }

    public void markSeen(String groupId, YearMonth month, long seenChangeId) {
        jdbc.update("UPDATE ranking_month SET seen_change_id = ? WHERE group_id = ? AND month = ?", seenChangeId,
                groupId, month.toString());
    }

    public List<Version> versions(String groupId, YearMonth month) {
        return jdbc.query("SELECT * FROM ranking_version WHERE group_id = ? AND month = ? ORDER BY version",
                (rs, i) -> new Version(groupId, month, rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("reason"), rs.getString("policy_version")),
                groupId, month.toString());
    }

    public List<Ranked> entries(String groupId, YearMonth month, int version) {
        return jdbc.query("""
                SELECT * FROM ranking_entry WHERE group_id = ? AND month = ? AND version = ?
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
                groupId, month.toString(), version);
    }

    /** The group's units in last place in the latest version of each month the group closed. */
    public List<String[]> lastPlaces(String groupId) {
        return jdbc.query("""
                SELECT e.month, e.unit_id FROM ranking_entry e
                  JOIN ranking_month r ON r.group_id = e.group_id AND r.month = e.month AND e.version = r.latest_version
                 WHERE e.group_id = ? AND e.last_place""",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, groupId);
    }

    private MonthState monthState(ResultSet rs, int i) throws SQLException {
        return new MonthState(rs.getString("group_id"), YearMonth.parse(rs.getString("month")),
                rs.getTimestamp("closed_at").toInstant(),
                rs.getString("closed_by"), rs.getInt("latest_version"), rs.getLong("seen_change_id"));
    }
}
