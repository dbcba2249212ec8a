package cn.ledger.query.todo;

import cn.ledger.projection.todo.TodoQuery;
import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What is waiting for the caller, by role: a discipline officer's appeals whose decision is due or overdue and
 * investigations open too long, for the cadres of the units in their scope; an admin's parked records.
 */
@RestController
@RequestMapping("/api/v1/todo")
@Tag(name = "to-do", description = "What waits for the caller's role")
@EnableConfigurationProperties(TodoProperties.class)
public class TodoController {

    private static final String COLUMNS = "urgency, kind, overdue, day, record_id, stream_id, cadre_id, cadre_name, "
            + "unit_id, unit_name, n, reason";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final TodoProperties properties;

    public TodoController(JdbcTemplate jdbc, Clock clock, TodoProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * One thing to do. {@code kind}: APPEAL_DECISION (date = the decision's due date; overdue when past it),
     * INVESTIGATION_OPEN (date = opened; days = open so long), PARKED_RECORDS (one per stream: date = parked
     * since, count = records parked, reason = the first one's).
     */
    public record Item(String kind, boolean overdue, LocalDate date, long days, String recordId, String streamId,
            String cadreId, String cadreName, String unitId, String unitName, Integer count, String reason) {}

    public record Todo(LocalDate asOf, List<String> kinds, int limit, long total, String next, List<Item> items) {}

    @GetMapping
    @Operation(summary = "The caller's to-do list, most urgent first. Discipline officers: undecided appeals whose "
            + "decision is due within ledger.todo.appeal-due-within or overdue, and investigations open longer than "
            + "ledger.todo.investigation-open-longer-than — for the cadres of the units in their scope. Admins: the "
            + "streams with parked records. Paged with cursor and limit (at most 200).")
    public Todo todo(@Parameter(description = "judge due dates on this day (default today)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit,
            HttpServletResponse response) {
        RequestParams.date("asOf", asOf);
        TodoQuery todo = TodoQuery.of(Caller.current(), limit, cursor);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Caller caller = Caller.current();
        if (caller.has(Role.DISCIPLINE_OFFICER) && todo.scoped()) {
            todo.add("APPEAL_DECISION", """
                    SELECT 1 AS urgency, 'APPEAL_DECISION' AS kind, a.decision_due_by < ? AS overdue,
                           a.decision_due_by AS day, a.appeal_id AS record_id, a.cadre_id AS stream_id,
                           a.cadre_id, c.name AS cadre_name, c.unit_id, u.name AS unit_name,
                           CAST(NULL AS INTEGER) AS n, a.reason
                      FROM appeal a JOIN cadre c ON c.cadre_id = a.cadre_id LEFT JOIN unit u ON u.unit_id = c.unit_id
                     WHERE a.outcome IS NULL AND a.decision_due_by <= ?""" + TodoQuery.inScope("c.unit_id"),
                    with(List.of(day, day.plusDays(properties.appealDueWithin().toDays())), todo.scope()));
            todo.add("INVESTIGATION_OPEN", """
                    SELECT 2, 'INVESTIGATION_OPEN', FALSE, i.opened_on, i.investigation_id, i.cadre_id,
                           i.cadre_id, c.name, c.unit_id, u.name, CAST(NULL AS INTEGER), i.reason
                      FROM investigation i JOIN cadre c ON c.cadre_id = i.cadre_id LEFT JOIN unit u ON u.unit_id = c.unit_id
                     WHERE i.closed_on IS NULL AND i.opened_on < ?""" + TodoQuery.inScope("c.unit_id"),
                    with(List.of(day.minusDays(properties.investigationOpenLongerThan().toDays())), todo.scope()));
        }
        if (caller.has(Role.ADMIN)) {
            todo.add("PARKED_RECORDS", """
                    SELECT 0, 'PARKED_RECORDS', TRUE, CAST(MIN(p.parked_at) AT TIME ZONE CAST(? AS TEXT) AS DATE),
                           MIN(p.event_id), p.stream_id, c.cadre_id, MIN(c.name), COALESCE(MIN(c.unit_id), MIN(pu.unit_id)),
                           COALESCE(MIN(u.name), MIN(pu.name)), CAST(COUNT(*) AS INTEGER),
                           (ARRAY_AGG(p.reason ORDER BY p.partition_no, p.record_offset))[1]
                      FROM parked_event p LEFT JOIN cadre c ON c.cadre_id = p.stream_id
                      LEFT JOIN unit u ON u.unit_id = c.unit_id LEFT JOIN unit pu ON pu.unit_id = p.stream_id
                     GROUP BY p.stream_id, c.cadre_id""", List.of(clock.getZone().getId()));
        }
        TodoQuery.Page<Item> page = todo.page(jdbc, COLUMNS, "urgency, overdue DESC, day, record_id", (rs, i) -> {
            LocalDate date = rs.getObject("day", LocalDate.class);
            long days = ChronoUnit.DAYS.between(date, day); // for an appeal not yet due: minus the days left
            int n = rs.getInt("n");
            return new Item(rs.getString("kind"), rs.getBoolean("overdue"), date, days, rs.getString("record_id"),
                    rs.getString("stream_id"), rs.getString("cadre_id"), rs.getString("cadre_name"),
                    rs.getString("unit_id"), rs.getString("unit_name"), rs.wasNull() ? null : n, rs.getString("reason"));
        }, response);
        return new Todo(day, page.kinds(), page.limit(), page.total(), page.next(), page.items());
    }

    private static List<Object> with(List<Object> first, List<Object> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }
}
