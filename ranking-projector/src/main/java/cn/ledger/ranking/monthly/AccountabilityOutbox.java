package cn.ledger.ranking.monthly;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The accountability procedures the ranking calls for, one row per unit and month, sent to
 * ledger-command by {@link AccountabilitySender}. A row is only ever added once: a replay or a second
 * instance finds it there (or finds the procedure already on {@code ledger.events}) and adds nothing.
 */
@Repository
public class AccountabilityOutbox {

    public enum Status { PENDING, OPENED, ALREADY_OPEN, REJECTED }

    public record Trigger(String unitId, YearMonth month, YearMonth firstMonth, int version, Status status,
            int attempts, String lastError, String procedureId, Instant createdAt, Instant settledAt,
            String parentUnitId) {}

    private final JdbcTemplate jdbc;

    public AccountabilityOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the trigger unless it is there; settled at once when the ledger already holds a procedure. */
    public boolean add(AccountabilityRule.Due due, int version, Instant now) {
        String existing = jdbc.query("SELECT procedure_id FROM accountability_procedure WHERE unit_id = ? AND month = ?",
                (rs, i) -> rs.getString(1), due.unitId(), due.month().toString()).stream().findFirst().orElse(null);
        return jdbc.update("""
                INSERT INTO accountability_trigger (unit_id, month, first_month, version, status, procedure_id,
                    created_at, settled_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, month) DO NOTHING""",
                due.unitId(), due.month().toString(), due.firstMonth().toString(), version,
                existing == null ? Status.PENDING.name() : Status.ALREADY_OPEN.name(), existing,
                Timestamp.from(now), existing == null ? null : Timestamp.from(now), Timestamp.from(now)) == 1;
    }

    public List<Trigger> pending(Instant now, int limit) {
        return jdbc.query("""
                SELECT t.*, u.parent_unit_id FROM accountability_trigger t LEFT JOIN unit u ON u.unit_id = t.unit_id
                 WHERE t.status = 'PENDING' AND t.next_attempt_at <= ?
                 ORDER BY t.month, t.unit_id LIMIT ?""", this::row, Timestamp.from(now), limit);
    }

    public void settle(Trigger trigger, Status status, String procedureId, String detail, Instant now) {
        jdbc.update("""
                UPDATE accountability_trigger
                   SET status = ?, procedure_id = ?, last_error = ?, attempts = attempts + 1, settled_at = ?
                 WHERE unit_id = ? AND month = ? AND status = 'PENDING'""",
                status.name(), procedureId, detail, Timestamp.from(now), trigger.unitId(), trigger.month().toString());
    }

    public void retryLater(Trigger trigger, String error, Instant next) {
        jdbc.update("""
                UPDATE accountability_trigger SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                 WHERE unit_id = ? AND month = ? AND status = 'PENDING'""",
                error, Timestamp.from(next), trigger.unitId(), trigger.month().toString());
    }

    /** The triggers of the months from..to, of the children of a parent and of one unit when those are given. */
    public List<Trigger> between(YearMonth from, YearMonth to, String parentUnitId, String unitId) {
        return jdbc.query("""
                SELECT t.*, u.parent_unit_id FROM accountability_trigger t LEFT JOIN unit u ON u.unit_id = t.unit_id
                 WHERE t.month BETWEEN ? AND ?
                   AND (CAST(? AS VARCHAR) IS NULL OR u.parent_unit_id = ?)
                   AND (CAST(? AS VARCHAR) IS NULL OR t.unit_id = ?)
                 ORDER BY t.month, t.unit_id""",
                this::row, from.toString(), to.toString(), parentUnitId, parentUnitId, unitId, unitId);
    }

    private Trigger row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        Timestamp settled = rs.getTimestamp("settled_at");
        return new Trigger(rs.getString("unit_id"), YearMonth.parse(rs.getString("month")),
                YearMonth.parse(rs.getString("first_month")), rs.getInt("version"),
                Status.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getString("procedure_id"), rs.getTimestamp("created_at").toInstant(),
                settled == null ? null : settled.toInstant(), rs.getString("parent_unit_id"));
    }
}
