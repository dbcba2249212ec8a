package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.ProjectionApplier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An installation migrated by the version before ledger-projection owned its tables (ledger-query's V1–V3,
 * with a parked record and a stream position in them) starts with this version: the service's history is
 * valid (the checksums of V1–V3 are those main applied), the module's migrations run under their own
 * history table, the parked record is kept, and events apply.
 */
@SpringBootTest
class UpgradeFromMainSchemaIT {

    static final String SCHEMA = "ledger_query_upgrade_" + UUID.randomUUID().toString().substring(0, 8);

    /** Flyway checksums of ledger-query's V1, V2, V3 as applied by main: applied migrations never change. */
    static final Map<String, Integer> MAIN_CHECKSUMS = Map.of("1", 1191168283, "2", -118128597, "3", -909711861);

    static boolean migratedAsMain;

    static synchronized String oldSchema() {
        if (!migratedAsMain) {
            Flyway.configure().dataSource(TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                            TestInfrastructure.databasePassword())
                    .schemas(SCHEMA).defaultSchema(SCHEMA).locations("classpath:db/migration").target("3")
                    .load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    TestInfrastructure.databaseUrl() + (TestInfrastructure.databaseUrl().contains("?") ? "&" : "?")
                            + "currentSchema=" + SCHEMA,
                    TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword()));
            jdbc.update("INSERT INTO stream_position VALUES ('old-stream', 4, 'e-old', now())");
            jdbc.update("""
                    INSERT INTO parked_event (topic, partition_no, record_offset, stream_id, event_id, event_type,
                        record_key, record_value, record_headers, reason, poison, parked_at)
                    VALUES ('ledger.events', 0, 7, 'old-stream', 'e-parked', 'cn.ledger.x.v1', 'old-stream', NULL,
                        '{}', 'parked before the upgrade', TRUE, now())""");
            migratedAsMain = true;
        }
        return SCHEMA;
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
        registry.add("spring.kafka.consumer.group-id", () -> "upgrade-" + SCHEMA);
        registry.add("spring.datasource.hikari.schema", UpgradeFromMainSchemaIT::oldSchema);
        registry.add("spring.flyway.schemas", UpgradeFromMainSchemaIT::oldSchema);
        registry.add("spring.flyway.default-schema", UpgradeFromMainSchemaIT::oldSchema);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProjectionApplier applier;

    @Test
    void aSchemaMigratedByMainStartsMigratesAndApplies() {
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(SCHEMA);
        Map<String, Integer> applied = new java.util.HashMap<>();
        jdbc.query("SELECT version, checksum FROM flyway_schema_history WHERE version IN ('1', '2', '3')",
                rs -> {
                    applied.put(rs.getString(1), rs.getInt(2));
                });
        assertThat(applied).isEqualTo(MAIN_CHECKSUMS);
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank",
                String.class)).startsWith("1", "2", "3", "4");
        assertThat(jdbc.queryForList("SELECT version FROM flyway_projection_history WHERE success ORDER BY installed_rank",
                String.class)).containsExactly("0", "1");
        assertThat(jdbc.queryForObject("SELECT reason FROM parked_event WHERE event_id = 'e-parked'", String.class))
                .isEqualTo("parked before the upgrade");

        String unit = "up-" + UUID.randomUUID();
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), "Unit", unit, 0, Instant.now(),
                "it", "it", new UnitRegistered(unit, "单位", UnitCategory.STREET_OFFICE, null, LocalDate.parse("2023-01-01")));
        ProducerRecord<String, byte[]> record = EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope);
        applier.applyBatch(List.of(new ConsumerRecord<>(Topics.LEDGER_EVENTS, 0, 1L, 0L, TimestampType.CREATE_TIME, 0, 0,
                record.key(), record.value(), record.headers(), java.util.Optional.empty())));
        assertThat(jdbc.queryForObject("SELECT name FROM unit WHERE unit_id = ?", String.class, unit)).isEqualTo("单位");
        assertThat(jdbc.queryForObject("SELECT last_sequence FROM stream_position WHERE stream_id = ?", Long.class, unit))
                .isZero();
    }
}
