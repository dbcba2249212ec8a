package cn.ledger.projection;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * The migrations of the tables ledger-projection's code writes ({@code stream_position},
 * {@code parked_event}, {@code unit}), under {@code classpath:db/projection} with a history table of their
 * own ({@code flyway_projection_history}), so that the module owns its tables and the services' own
 * migrations and history stay as they are.
 *
 * <p>They run right after the service's migrations: the services' first migrations, already applied in
 * installations and left untouched so that their checksums hold, created these tables before the module
 * owned them; the module's migrations create them only where they are missing and change them from then
 * on. On a schema that has tables but no module history yet, the history starts from a baseline (version 0),
 * and every module migration is then applied.
 */
public final class ProjectionSchema {

    public static final String LOCATION = "classpath:db/projection";
    public static final String HISTORY_TABLE = "flyway_projection_history";

    private ProjectionSchema() {}

    /** Migrates the module's tables into the schemas the service's Flyway uses. */
    public static void migrate(Configuration service) {
        Flyway.configure(service.getClassLoader()).configuration(service)
                .locations(LOCATION).table(HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").baselineDescription("tables made by the service migrations")
                .load().migrate();
    }

    /** Migrates the module's tables into one schema (a rebuild's). */
    public static void migrate(DataSource dataSource, String schema) {
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations(LOCATION).table(HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").baselineDescription("tables made by the service migrations")
                .load().migrate();
    }

    /** The service's migrations, then the module's. */
    public static FlywayMigrationStrategy strategy() {
        return flyway -> {
            flyway.migrate();
            migrate(flyway.getConfiguration());
        };
    }
}
