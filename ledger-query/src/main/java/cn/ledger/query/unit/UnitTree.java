package cn.ledger.query.unit;

import cn.ledger.security.web.NotFound;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The unit hierarchy: a unit and everything below it. */
@Component
public class UnitTree {

    /** SQL for the ids of unit {@code ?} and all units below it. */
    public static final String SUBTREE = """
            WITH RECURSIVE subtree(unit_id) AS (
                SELECT unit_id FROM unit WHERE unit_id = ?
                UNION
                SELECT u.unit_id FROM unit u JOIN subtree s ON u.parent_unit_id = s.unit_id)
            SELECT unit_id FROM subtree""";

    private final JdbcTemplate jdbc;

    public UnitTree(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void requireUnit(String unitId) {
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM unit WHERE unit_id = ?)", Boolean.class,
                unitId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFound("No unit " + unitId + " in the ledger");
        }
    }
}
