package cn.ledger.query.unit;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The names the read model holds now, for answers that name cadres and units by id. */
@Component
public class Names {

    private final JdbcTemplate jdbc;

    public Names(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Each known cadre's name; unknown ids are left out. */
    public Map<String, String> cadres(Collection<String> cadreIds) {
        Map<String, String> names = new HashMap<>();
        if (!cadreIds.isEmpty()) {
            jdbc.query("SELECT cadre_id, name FROM cadre WHERE cadre_id = ANY (?)",
                    rs -> { names.put(rs.getString(1), rs.getString(2)); }, (Object) cadreIds.toArray(String[]::new));
        }
        return names;
    }

    /** The unit's name, or null when the unit is not known. */
    public String unit(String unitId) {
        return jdbc.queryForObject("SELECT MIN(name) FROM unit WHERE unit_id = ?", String.class, unitId);
    }
}
