package cn.ledger.ranking.todo;

import cn.ledger.projection.todo.TodoQuery;
import cn.ledger.ranking.RankingProperties;
import cn.ledger.ranking.monthly.RankingPolicy;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What is waiting for the caller, by role: an assessor's assignments due this week or overdue and not ticked off
 * (挂账未销号); an admin's months that ended and are not yet closed, per review group, and parked records.
 * Only the units in the caller's scope.
 */
@RestController
@RequestMapping("/api/v1/todo")
@Tag(name = "to-do", description = "What waits for the caller's role")
public class TodoController {

    private static final String COLUMNS = "urgency, kind, overdue, day, record_id, stream_id, unit_id, unit_name, "
            + "month, title, n, reason";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final RankingProperties properties;

    public TodoController(JdbcTemplate jdbc, Clock clock, RankingProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * One thing to do. {@code kind}: ASSIGNMENT (date = due; overdue when past it, else due this week), MONTH_CLOSE
     * (a review group's month: unitId = the group, month; date = the day it closes by itself, closesAt),
     * PARKED_RECORDS (one per stream: date = parked since, count, reason = the first one's).
     */
    public record Item(String kind, boolean overdue, LocalDate date, long days, String recordId, String streamId,
            String unitId, String unitName, String month, String title, Integer count, String reason,
            Instant closesAt) {}

    public record Todo(LocalDate asOf, List<String> kinds, int limit, long total, String next, List<Item> items) {}

    @GetMapping
    @Operation(summary = "The caller's to-do list, most urgent first. Assessors: assignments of the units in their "
            + "scope not ticked off and due this week (Monday to Sunday of asOf) or overdue. Admins: months that have "
            + "ended and that a review group in their scope has not closed yet (oldest first), and the streams with "
            + "parked records. Paged with cursor and limit (at most 200).")
    public Todo todo(@Parameter(description = "judge due dates on this day (default today)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit,
            HttpServletResponse response) {
        RequestParams.date("asOf", asOf);
        TodoQuery todo = TodoQuery.of(Caller.current(), limit, cursor);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Caller caller = Caller.current();
        if (caller.has(Role.ASSESSOR) && todo.scoped()) {
            List<Object> args = new ArrayList<>(List.of(day, day.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY))));
            args.addAll(todo.scope());
            todo.add("ASSIGNMENT", """
                    SELECT 1 AS urgency, 'ASSIGNMENT' AS kind, a.due_date < ? AS overdue, a.due_date AS day,
                           a.assignment_id AS record_id, a.unit_id AS stream_id, a.unit_id, u.name AS unit_name,
                           CAST(NULL AS VARCHAR) AS month, a.title, CAST(NULL AS INTEGER) AS n,
                           CAST(NULL AS TEXT) AS reason
                      FROM assignment a LEFT JOIN unit u ON u.unit_id = a.unit_id
                     WHERE NOT a.revoked AND a.completed_on IS NULL AND a.due_date <= ?"""
                    + TodoQuery.inScope("a.unit_id"), args);
        }
        if (caller.has(Role.ADMIN) && todo.scoped() && !properties.policies().isEmpty()) {
            // a month ended before asOf's month, covered by a scoring policy, that a group has records in and has
            // not closed; the units without a parent ('') are closed only by the schedule
            YearMonth first = properties.policies().stream().map(RankingPolicy::firstMonth).min(YearMonth::compareTo)
                    .orElseThrow();
            List<Object> args = new ArrayList<>(List.of(YearMonth.from(day).toString(), first.toString()));
            args.addAll(todo.scope());
            todo.add("MONTH_CLOSE", """
                    SELECT 2, 'MONTH_CLOSE', FALSE, CAST(NULL AS DATE), g.unit_id || '/' || c.month, g.unit_id,
                           g.unit_id, MIN(g.name), CAST(c.month AS VARCHAR), CAST(NULL AS TEXT),
                           CAST(COUNT(DISTINCT c.unit_id) AS INTEGER), CAST(NULL AS TEXT)
                      FROM month_change c JOIN unit u ON u.unit_id = c.unit_id
                      JOIN unit g ON g.unit_id = u.parent_unit_id
                     WHERE c.month < ? AND c.month >= ?
                       AND NOT EXISTS (SELECT 1 FROM ranking_month r WHERE r.month = c.month AND r.group_id = g.unit_id)"""
                    + TodoQuery.inScope("g.unit_id") + " GROUP BY g.unit_id, c.month", args);
        }
        if (caller.has(Role.ADMIN)) {
            todo.add("PARKED_RECORDS", """
                    SELECT 0, 'PARKED_RECORDS', TRUE, CAST(MIN(p.parked_at) AT TIME ZONE CAST(? AS TEXT) AS DATE),
                           MIN(p.event_id), p.stream_id, MIN(u.unit_id), MIN(u.name), CAST(NULL AS VARCHAR),
                           CAST(NULL AS TEXT), CAST(COUNT(*) AS INTEGER),
                           (ARRAY_AGG(p.reason ORDER BY p.partition_no, p.record_offset))[1]
                      FROM parked_event p LEFT JOIN unit u ON u.unit_id = p.stream_id
                     GROUP BY p.stream_id""", List.of(clock.getZone().getId()));
        }
        TodoQuery.Page<Item> page = todo.page(jdbc, COLUMNS, "urgency, overdue DESC, day NULLS LAST, month, record_id",
                (rs, i) -> {
                    String kind = rs.getString("kind");
                    String month = rs.getString("month");
                    Instant closesAt = month == null ? null : properties.closesAt(YearMonth.parse(month)).toInstant();
                    LocalDate date = month == null ? rs.getObject("day", LocalDate.class)
                            : properties.closesAt(YearMonth.parse(month)).toLocalDate();
                    int n = rs.getInt("n");
                    Integer count = rs.wasNull() ? null : n;
                    return new Item(kind, "MONTH_CLOSE".equals(kind) ? !closesAt.isAfter(clock.instant())
                            : rs.getBoolean("overdue"), date, ChronoUnit.DAYS.between(date, day),
                            rs.getString("record_id"), rs.getString("stream_id"), rs.getString("unit_id"),
                            rs.getString("unit_name"), month, rs.getString("title"), count, rs.getString("reason"),
                            closesAt);
                }, response);
        return new Todo(day, page.kinds(), page.limit(), page.total(), page.next(), page.items());
    }
}
