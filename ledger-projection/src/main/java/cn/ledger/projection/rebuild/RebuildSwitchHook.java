package cn.ledger.projection.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a service must carry from its live tables into the rebuilt ones at the switch: state that is
 * not derived from {@code ledger.events} alone, such as results already published. Runs while the
 * live consumer is stopped and the service's own writers are held at the {@link SwitchGate}.
 */
public interface RebuildSwitchHook {

    void beforeSwitch(JdbcTemplate live, JdbcTemplate rebuilt);
}
