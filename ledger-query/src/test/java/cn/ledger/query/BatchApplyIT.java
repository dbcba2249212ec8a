package cn.ledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.projection.ProjectionApplier;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch of records applied in one go: the same rows as record by record, redelivered records
 * (inside the batch and in a later one) changing nothing, and a batch with a record that breaks a
 * read-model rule going record by record, so that the records before it are kept and it is named.
 */
@SpringBootTest
class BatchApplyIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestInfrastructure::databaseUrl);
        registry.add("spring.datasource.username", TestInfrastructure::databaseUser);
        registry.add("spring.datasource.password", TestInfrastructure::databasePassword);
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaWithLedgerEvents);
        registry.add("ledger.security.mode", () -> "local");
        // the listener stays stopped: this test hands the applier its batches itself
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
    }

    @Autowired
    ProjectionApplier applier;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    final Map<String, Long> sequences = new HashMap<>();
    long offset;

    @Test
    void appliesABatchTogetherExactlyOnce() {
        String p = "ba-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(record(p + "u1", new UnitRegistered(p + "u1", "单位一", UnitCategory.DISTRICT_DEPARTMENT, null, day())));
        batch.add(record(p + "u2", new UnitRegistered(p + "u2", "单位二", UnitCategory.DISTRICT_DEPARTMENT, null, day())));
        List<String> entries = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            String cadre = p + "c" + c;
            batch.add(record(cadre, registered(cadre, p + "u1")));
            for (int e = 0; e < 4; e++) {
                String id = UUID.randomUUID().toString();
                entries.add(id);
                batch.add(record(cadre, new PositiveEntryRecorded(cadre, id, "经济运行", BigDecimal.ONE, "完成任务",
                        List.of(), day())));
            }
        }
        batch.add(record(p + "c0", new CadreTransferred(p + "c0", p + "u1", p + "u2", day())));
        batch.add(record(p + "c1", new RecordRevoked(p + "c1", entries.get(4), "录入错误", null, day())));
        batch.add(batch.get(5)); // a record delivered twice within one batch

        double together = batches("together");
        applier.applyBatch(batch);

        assertThat(batches("together")).isEqualTo(together + 1);
        assertThat(count("SELECT count(*) FROM ledger_record WHERE stream_id LIKE ?", p + "%")).isEqualTo(19);
        assertThat(count("SELECT count(*) FROM entry WHERE cadre_id LIKE ?", p + "%")).isEqualTo(12);
        assertThat(count("SELECT count(*) FROM correction WHERE stream_id = ?", p + "c1")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT unit_id FROM cadre WHERE cadre_id = ?", String.class, p + "c0"))
                .isEqualTo(p + "u2");
        assertThat(count("SELECT last_sequence FROM stream_position WHERE stream_id = ?", p + "c0")).isEqualTo(5);
        assertThat(count("SELECT last_sequence FROM stream_position WHERE stream_id = ?", p + "c2")).isEqualTo(4);

        // the whole batch again: nothing changes
        applier.applyBatch(batch);
        assertThat(count("SELECT count(*) FROM ledger_record WHERE stream_id LIKE ?", p + "%")).isEqualTo(19);
        assertThat(count("SELECT count(*) FROM entry WHERE cadre_id LIKE ?", p + "%")).isEqualTo(12);
    }

    @Test
    void aBatchWithARecordThatCannotBeAppliedKeepsTheRecordsBeforeIt() {
        String p = "bp-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String cadre = p + "c";
        String id = UUID.randomUUID().toString();
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(List.of(
                record(p + "u", new UnitRegistered(p + "u", "单位", UnitCategory.DISTRICT_DEPARTMENT, null, day())),
                record(cadre, registered(cadre, p + "u")),
                record(cadre, new PositiveEntryRecorded(cadre, id, "经济运行", BigDecimal.ONE, "完成任务", List.of(), day())),
                // the same entry id again under a new sequence breaks the entry table's key
                record(cadre, new PositiveEntryRecorded(cadre, id, "经济运行", BigDecimal.ONE, "完成任务", List.of(), day())),
                record(p + "u2", new UnitRegistered(p + "u2", "单位二", UnitCategory.DISTRICT_DEPARTMENT, null, day()))));

        double oneByOne = batches("record-by-record");
        assertThatThrownBy(() -> applier.applyBatch(batch)).isInstanceOf(BatchListenerFailedException.class)
                .satisfies(e -> assertThat(((BatchListenerFailedException) e).getIndex()).isEqualTo(3));

        assertThat(batches("record-by-record")).isEqualTo(oneByOne + 1);
        assertThat(count("SELECT count(*) FROM entry WHERE cadre_id = ?", cadre)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM unit WHERE unit_id = ?", p + "u")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM unit WHERE unit_id = ?", p + "u2")).isZero();
    }

    private double batches(String mode) {
        return meters.get("ledger.projection.batches").tag("projection", "ledger-query").tag("mode", mode).counter()
                .count();
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static LocalDate day() {
        return LocalDate.parse("2023-09-01");
    }

    private static CadreRegistered registered(String cadre, String unit) {
        return new CadreRegistered(cadre, "干部", unit, "科员", "乡科副", LocalDate.parse("2020-01-01"), "四级主任科员",
                LocalDate.parse("2020-01-01"), LocalDate.parse("2010-07-01"), 3, "大学", LocalDate.parse("2020-01-01"));
    }

    private ConsumerRecord<String, byte[]> record(String subject, LedgerEvent event) {
        long sequence = sequences.merge(subject, 1L, Long::sum) - 1;
        LedgerEnvelope envelope = new LedgerEnvelope(UUID.randomUUID().toString(), "Cadre", subject, sequence,
                Instant.now(), "it-recorder", "it", event);
        ProducerRecord<String, byte[]> sent = EventCodec.toRecord(Topics.LEDGER_EVENTS, envelope);
        return new ConsumerRecord<>(Topics.LEDGER_EVENTS, 0, offset++, System.currentTimeMillis(),
                TimestampType.CREATE_TIME, subject.length(), sent.value().length, sent.key(), sent.value(),
                sent.headers(), Optional.empty());
    }
}
