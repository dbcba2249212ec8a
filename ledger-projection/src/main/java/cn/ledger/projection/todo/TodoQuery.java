package cn.ledger.projection.todo;

import cn.ledger.security.Caller;
import cn.ledger.security.web.Cursor;
import cn.ledger.security.web.RequestParams;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A to-do list as both projectors answer it ({@code GET /api/v1/todo}): one {@code SELECT} per kind of item, all
 * with the same columns, for the units in the caller's scope, put together and paged by {@code limit} (at most
 * {@value #MAX_LIMIT}) and {@code cursor}, in the order the service gives. Each service adds the kinds its own
 * read model holds; the scope is the caller's {@code units} and every unit below them, read from the
 * {@code unit} table this module keeps in each projector's schema.
 */
public final class TodoQuery {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;
    private static final String LIST = "todo";

    private final boolean all;
    private final String[] units;
    private final int limit;
    private final long offset;
    private final List<String> kinds = new ArrayList<>();
    private final List<String> parts = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    private TodoQuery(Caller caller, int limit, long offset) {
        this.all = caller.units().contains(Caller.ALL_UNITS);
        this.units = caller.units().toArray(String[]::new);
        this.limit = limit;
        this.offset = offset;
    }

    /** The caller's list, its page size and cursor held to their ranges (a 400 naming them otherwise). */
    public static TodoQuery of(Caller caller, Integer limit, String cursor) {
        int perPage = limit == null ? DEFAULT_LIMIT : limit;
        RequestParams.limit(Cursor.LIMIT, perPage, MAX_LIMIT);
        return new TodoQuery(caller, perPage, Cursor.position(LIST, cursor, 0));
    }

    /** Whether the caller has any unit in scope (a caller with none has no scoped items). */
    public boolean scoped() {
        return all || units.length > 0;
    }

    /**
     * A condition to append to a part's {@code WHERE}: {@code unitColumn} names a unit under one of the caller's
     * units. Its parameters are {@link #scope()}.
     */
    public static String inScope(String unitColumn) {
        return "\n" + """
                 AND (CAST(? AS BOOLEAN) OR %s IN (
                      WITH RECURSIVE subtree AS (
                          SELECT unit_id FROM unit WHERE unit_id = ANY (?)
                          UNION SELECT u.unit_id FROM unit u JOIN subtree s ON u.parent_unit_id = s.unit_id)
                      SELECT unit_id FROM subtree))""".formatted(unitColumn);
    }

    /** The parameters of {@link #inScope(String)}, in its order. */
    public List<Object> scope() {
        return List.of(all, units);
    }

    /** Adds the items of one kind: a {@code SELECT} with the list's columns and its parameters. */
    public TodoQuery add(String kind, String select, List<Object> parameters) {
        kinds.add(kind);
        parts.add(select);
        args.addAll(parameters);
        return this;
    }

    /**
     * The page: the parts as one list named by {@code columns}, in {@code order} (an {@code ORDER BY} list ending
     * in a unique column), each row read by {@code rows}; the {@code Link} of the next page put on {@code response}.
     */
    public <T> Page<T> page(JdbcTemplate jdbc, String columns, String order, RowMapper<T> rows,
            HttpServletResponse response) {
        if (parts.isEmpty()) {
            return new Page<>(List.copyOf(kinds), limit, 0, null, List.of());
        }
        String union = String.join("\nUNION ALL\n", parts);
        List<Object> paged = new ArrayList<>(args);
        paged.add(limit);
        paged.add(offset);
        long[] total = {0};
        List<T> items = jdbc.query("SELECT x.*, COUNT(*) OVER () AS total FROM (" + union + ") AS x (" + columns
                + ") ORDER BY " + order + " LIMIT ? OFFSET ?", (rs, i) -> {
                    total[0] = rs.getLong("total");
                    return rows.mapRow(rs, i);
                }, paged.toArray());
        if (items.isEmpty() && offset > 0) {
            // past the end: the count from a query of its own, as no row carried it
            total[0] = jdbc.queryForObject("SELECT COUNT(*) FROM (" + union + ") x", Long.class, args.toArray());
        }
        String next = offset + items.size() < total[0] ? Cursor.of(LIST, offset + limit) : null;
        Cursor.linkNext(response, next);
        return new Page<>(Collections.unmodifiableList(kinds), limit, total[0], next, items);
    }

    /** One page of a to-do list: the kinds the caller's roles have, the page size, how many in all, the cursor. */
    public record Page<T>(List<String> kinds, int limit, long total, String next, List<T> items) {}
}
