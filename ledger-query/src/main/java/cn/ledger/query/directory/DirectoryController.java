package cn.ledger.query.directory;

import cn.ledger.query.unit.UnitTree;
import cn.ledger.security.Caller;
import cn.ledger.security.OutOfScope;
import cn.ledger.security.web.Cursor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The directory: the units and cadres a caller may pick from, by name — for the console's forms and
 * anyone who needs an id. Every caller sees only their scope ({@link CallerScope}).
 */
@RestController
@RequestMapping("/api/v1/directory")
@Tag(name = "directory", description = "Units and cadres in the caller's scope, by name")
public class DirectoryController {

    /** At most this many units in one tree; a larger scope is answered with {@code complete: false}. */
    public static final int MAX_UNITS = 5000;

    /** The ids of the units named ({@code :units}) and of every unit below them. */
    private static final String SCOPE = """
            WITH RECURSIVE scope AS (
                SELECT unit_id FROM unit WHERE unit_id IN (:units)
                UNION
                SELECT u.unit_id FROM unit u JOIN scope s ON u.parent_unit_id = s.unit_id)
            SELECT unit_id FROM scope""";
    /** The ids of unit {@code :unitId} and of every unit below it. */
    private static final String UNDER = """
            WITH RECURSIVE under AS (
                SELECT unit_id FROM unit WHERE unit_id = :unitId
                UNION
                SELECT u.unit_id FROM unit u JOIN under s ON u.parent_unit_id = s.unit_id)
            SELECT unit_id FROM under""";

    public record UnitNode(String id, String name, String category, String parentId, LocalDate closedOn,
            List<UnitNode> children) {}

    /** {@code complete} is false when the scope held more than {@value #MAX_UNITS} units and the tree was cut. */
    public record UnitDirectory(List<UnitNode> units, int count, boolean complete) {}

    public record CadreRow(String id, String name, String unitId, String unitName, String post, String postLevel) {}

    public record CadreDirectory(List<CadreRow> cadres, int limit, String next) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final UnitTree units;

    public DirectoryController(JdbcTemplate jdbc, UnitTree units) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
        this.units = units;
    }

    @GetMapping("/units")
    @Operation(summary = "The units in the caller's scope as a tree (a recorder's units and all below them; "
            + "reviewers, auditors and a * scope every unit; a cadre their own unit)")
    public UnitDirectory units() {
        CallerScope scope = CallerScope.of(Caller.current());
        MapSqlParameterSource params = new MapSqlParameterSource("max", MAX_UNITS + 1);
        String sql;
        if (scope.all()) {
            sql = "SELECT unit_id, name, category, parent_unit_id, closed_on FROM unit ORDER BY unit_id LIMIT :max";
        } else if (!scope.units().isEmpty()) {
            params.addValue("units", scope.units());
            sql = "SELECT unit_id, name, category, parent_unit_id, closed_on FROM unit WHERE unit_id IN (" + SCOPE
                    + ") ORDER BY unit_id LIMIT :max";
        } else if (scope.cadre() != null) {
            params.addValue("cadre", scope.cadre());
            sql = """
                    SELECT u.unit_id, u.name, u.category, u.parent_unit_id, u.closed_on
                      FROM unit u JOIN cadre c ON c.unit_id = u.unit_id WHERE c.cadre_id = :cadre""";
        } else {
            return new UnitDirectory(List.of(), 0, true);
        }
        List<UnitNode> flat = jdbc.query(sql, params, (rs, i) -> new UnitNode(rs.getString("unit_id"),
                rs.getString("name"), rs.getString("category"), rs.getString("parent_unit_id"),
                rs.getObject("closed_on", LocalDate.class), new ArrayList<>()));
        boolean complete = flat.size() <= MAX_UNITS;
        if (!complete) {
            flat = flat.subList(0, MAX_UNITS);
        }
        return new UnitDirectory(tree(flat), flat.size(), complete);
    }

    /** The units as a forest: a unit whose parent is not among them is a root; siblings by name. */
    static List<UnitNode> tree(List<UnitNode> flat) {
        Map<String, UnitNode> byId = new LinkedHashMap<>();
        flat.forEach(u -> byId.put(u.id(), u));
        List<UnitNode> roots = new ArrayList<>();
        for (UnitNode u : flat) {
            UnitNode parent = u.parentId() == null ? null : byId.get(u.parentId());
            (parent == null ? roots : parent.children()).add(u);
        }
        Comparator<UnitNode> byName = Comparator.comparing(UnitNode::name).thenComparing(UnitNode::id);
        roots.sort(byName);
        byId.values().forEach(u -> u.children().sort(byName));
        return roots;
    }

    @GetMapping("/cadres")
    @Operation(summary = "Cadres in the caller's scope, a page at a time (limit, cursor → next): by a part of "
            + "the name or id, by unit (the unit and every unit below it) and by post level")
    public CadreDirectory cadres(
            @Parameter(description = "a part of the name or of the id, at most 50 characters")
            @RequestParam(required = false) String q,
            @Parameter(description = "only cadres of this unit and of the units below it")
            @RequestParam(required = false) String unitId,
            @Parameter(description = "only cadres at this post level, e.g. 乡科正")
            @RequestParam(required = false) String postLevel,
            @Parameter(description = "cadres per page, 1 to 200 (50 when absent)")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "the next of the page before; absent for the first page")
            @RequestParam(required = false) String cursor,
            HttpServletResponse response) {
        DirectorySearch search = DirectorySearch.of(q, unitId, postLevel, limit, cursor);
        CallerScope scope = CallerScope.of(Caller.current());
        if (search.unitId() != null) {
            units.requireUnit(search.unitId());
        }
        if (scope.empty()) {
            return new CadreDirectory(List.of(), search.limit(), null);
        }
        MapSqlParameterSource params = new MapSqlParameterSource("rows", search.limit() + 1);
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (search.after() != null) {
            params.addValue("after", search.after());
            where.append(" AND c.cadre_id > :after");
        }
        if (!scope.all()) {
            List<String> clauses = new ArrayList<>();
            if (!scope.units().isEmpty()) {
                params.addValue("units", scope.units());
                clauses.add("c.unit_id IN (" + SCOPE + ")");
            }
            if (scope.cadre() != null) {
                params.addValue("self", scope.cadre());
                clauses.add("c.cadre_id = :self");
            }
            where.append(" AND (").append(String.join(" OR ", clauses)).append(')');
        }
        if (search.unitId() != null) {
            if (!scope.all() && scope.cadre() == null && !inScope(scope, search.unitId())) {
                throw new OutOfScope("unitId", "unit " + search.unitId() + " is outside the caller's scope");
            }
            params.addValue("unitId", search.unitId());
            where.append(" AND c.unit_id IN (").append(UNDER).append(')');
        }
        if (search.q() != null) {
            params.addValue("q", search.q().toLowerCase(java.util.Locale.ROOT));
            where.append(" AND (strpos(lower(c.name), :q) > 0 OR strpos(lower(c.cadre_id), :q) > 0)");
        }
        if (search.postLevel() != null) {
            params.addValue("postLevel", search.postLevel());
            where.append(" AND c.post_level = :postLevel");
        }
        String sql = """
                SELECT c.cadre_id, c.name, c.unit_id, u.name AS unit_name, c.post, c.post_level
                  FROM cadre c LEFT JOIN unit u ON u.unit_id = c.unit_id""" + where + " ORDER BY c.cadre_id LIMIT :rows";
        List<CadreRow> rows = jdbc.query(sql, params, (rs, i) -> {
            return new CadreRow(rs.getString("cadre_id"), rs.getString("name"), rs.getString("unit_id"),
                    rs.getString("unit_name"), rs.getString("post"), rs.getString("post_level"));
        });
        String next = null;
        if (rows.size() > search.limit()) {
            rows = rows.subList(0, search.limit());
            next = Cursor.of(DirectorySearch.LIST, rows.get(search.limit() - 1).id());
        }
        Cursor.linkNext(response, next);
        return new CadreDirectory(rows, search.limit(), next);
    }

    private boolean inScope(CallerScope scope, String unitId) {
        Boolean covered = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM unit WHERE unit_id = :unitId AND unit_id IN (" + SCOPE + "))",
                new MapSqlParameterSource("units", scope.units()).addValue("unitId", unitId), Boolean.class);
        return Boolean.TRUE.equals(covered);
    }
}
