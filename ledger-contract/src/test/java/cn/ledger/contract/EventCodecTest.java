package cn.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.contract.event.*;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.UnitRegistered;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static final LocalDate DAY = LocalDate.of(2023, 9, 14);

    static List<LedgerEvent> oneOfEach() {
        return List.of(
                new UnitRegistered("U-anning", "安宁区", UnitCategory.DISTRICT, "U-lanzhou", DAY),
                new CardIssued("U-anning", "card-1", "经济运行", "2023-Q3", CardColour.BLUE, "U-lanzhou", DAY),
                new CadreRegistered("C-1", "张三", "U-anning", "副区长", "县处副", DAY, "一级主任科员", DAY,
                        LocalDate.of(2005, 7, 1), 4, "大学", DAY),
                new PositiveEntryRecorded("C-1", "e-1", "项目双进", new BigDecimal("2.5"), "完成重点项目",
                        List.of("doc-7"), DAY),
                new NegativeEntryRecorded("C-1", "e-2", "平安建设", BigDecimal.ONE, "督查发现问题", List.of(), DAY,
                        NegativeFinding.PROBLEM_FOUND),
                new InterviewRecorded("C-1", "i-1", "U-anning", InterviewKind.ADMONISHMENT, "书记", "逾期", DAY, "s-2"),
                new UnitRenamed("U-anning", "安宁区（新）", DAY),
                new UnitClosed("U-x", "合并", DAY),
                new AssignmentIssued("U-anning", "a-1", AssignmentKind.WEEKLY, "清理积案", DAY.plusDays(7), "U-lanzhou", DAY),
                new AssignmentCompleted("U-anning", "a-1", "已销号", DAY.plusDays(5)),
                new EvaluationScored("U-anning", "ev-1", "2023-09", new BigDecimal("92.5"), "考核办", DAY),
                new AccountabilityProcedureOpened("U-anning", "ap-1", "2023-09", "连续两月排名末位", DAY),
                new CadreAppointed("C-1", "区长", "县处正", DAY),
                new CadreRankChanged("C-1", "四级调研员", DAY),
                new CadreTransferred("C-1", "U-anning", "U-chengguan", DAY),
                new NegativeEntryTolerated("C-1", "e-2", "三个区分开来", DAY),
                new SanctionImposed("C-1", "s-1", SanctionKind.PARTY_PROBATION, 12, "区纪委", "违反纪律", DAY),
                new InvestigationOpened("C-1", "inv-1", "区监委", "线索", DAY),
                new InvestigationClosed("C-1", "inv-1", "了结", DAY),
                new AnnualGradeRecorded("C-1", "g-1", 2022, AnnualGrade.EXCELLENT, DAY),
                new FrontlinePostingRecorded("C-1", "p-1", FrontlineKind.PETITIONS, "信访接待", null, DAY),
                new FrontlinePostingEnded("C-1", "p-1", DAY.plusMonths(6)),
                new AppealFiled("C-1", "ap-1", "s-1", AppealStage.REVIEW, "事实不清", DAY.plusDays(30), DAY),
                new AppealDecided("C-1", "ap-1", AppealOutcome.UPHELD, "维持", DAY.plusDays(20)),
                new RecordRevoked("C-1", "e-1", "录入错误", null, DAY));
    }

    @Test
    void everyPublishedTypeRoundTripsThroughTheWireFormat() {
        List<LedgerEvent> events = oneOfEach();
        assertThat(events.stream().map(e -> (Object) e.getClass()).toList()).containsExactlyInAnyOrderElementsOf(EventTypes.classes());
        long sequence = 0;
        for (LedgerEvent event : events) {
            LedgerEnvelope sent = new LedgerEnvelope("id-" + sequence, "Cadre", event.subjectId(), sequence++,
                    Instant.parse("2023-09-15T08:00:00Z"), "recorder-1", "corr-1", event);
            ProducerRecord<String, byte[]> out = EventCodec.toRecord(Topics.LEDGER_EVENTS, sent);
            assertThat(out.key()).isEqualTo(event.subjectId());
            assertThat(new String(out.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .startsWith("cn.ledger.").endsWith(".v1");

            LedgerEnvelope received = EventCodec.fromRecord(asConsumed(out));
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void writesTheCloudEventsBinaryModeHeaders() {
        LedgerEvent event = new NegativeEntryRecorded("C-1", "e-2", "平安建设", BigDecimal.ONE, "督查发现问题", List.of(), DAY);
        LedgerEnvelope sent = new LedgerEnvelope("evt-1", "Cadre", "C-1", 7, Instant.parse("2023-09-15T08:00:00.120Z"),
                "recorder-1", "corr-1", event);
        ProducerRecord<String, byte[]> out = EventCodec.toRecord(Topics.LEDGER_EVENTS, sent);
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        out.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers).containsOnly(
                java.util.Map.entry("ce_specversion", "1.0"),
                java.util.Map.entry("ce_id", "evt-1"),
                java.util.Map.entry("ce_source", "urn:ledger:ledger-command"),
                java.util.Map.entry("ce_type", "cn.ledger.negative-entry-recorded.v1"),
                java.util.Map.entry("ce_subject", "C-1"),
                java.util.Map.entry("ce_time", "2023-09-15T08:00:00.12Z"),
                java.util.Map.entry("ce_dataschema", "urn:ledger:schema:negative-entry-recorded.v1"),
                java.util.Map.entry("content-type", "application/json"),
                java.util.Map.entry("ce_sequence", "0000000000000000007"),
                java.util.Map.entry("ce_effectivedate", "2023-09-14"),
                java.util.Map.entry("ce_aggregatetype", "Cadre"),
                java.util.Map.entry("ce_recordedby", "recorder-1"),
                java.util.Map.entry("ce_correlationid", "corr-1"));
        assertThat(out.key()).isEqualTo("C-1");
        assertThat(EventCodec.fromRecord(asConsumed(out))).isEqualTo(sent);
    }

    @Test
    void historyTravelsAsAnExtensionOnlyWhenSet() {
        LedgerEvent event = new NegativeEntryRecorded("C-1", "e-2", "平安建设", BigDecimal.ONE, "督查发现问题", List.of(), DAY);
        LedgerEnvelope history = new LedgerEnvelope("evt-1", "Cadre", "C-1", 7, Instant.parse("2023-09-15T08:00:00Z"),
                "recorder-1", "corr-1", event, true);
        ProducerRecord<String, byte[]> out = EventCodec.toRecord(Topics.LEDGER_EVENTS, history);
        assertThat(new String(out.headers().lastHeader("ce_history").value(), StandardCharsets.UTF_8)).isEqualTo("true");
        assertThat(EventCodec.fromRecord(asConsumed(out))).isEqualTo(history);
        LedgerEnvelope ordinary = new LedgerEnvelope("evt-2", "Cadre", "C-1", 8, Instant.parse("2023-09-15T08:00:00Z"),
                "recorder-1", "corr-1", event);
        ProducerRecord<String, byte[]> plain = EventCodec.toRecord(Topics.LEDGER_EVENTS, ordinary);
        assertThat(plain.headers().lastHeader("ce_history")).isNull();
        assertThat(EventCodec.fromRecord(asConsumed(plain)).history()).isFalse();
    }

    @Test
    void recordWithoutSpecVersionIsUnreadable() {
        ProducerRecord<String, byte[]> out = EventCodec.toRecord(Topics.LEDGER_EVENTS, new LedgerEnvelope("evt-1", "Unit",
                "U-x", 0, Instant.parse("2023-09-15T08:00:00Z"), null, null, new UnitClosed("U-x", "合并", DAY)));
        out.headers().remove("ce_specversion");
        assertThatThrownBy(() -> EventCodec.fromRecord(asConsumed(out)))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("cn.ledger.unit-closed.v1");
    }

    @Test
    void unknownTypeIsReportedWithItsPosition() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "cn.ledger.no-such-thing.v9".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.LEDGER_EVENTS, 2, 41L, 0L,
                TimestampType.CREATE_TIME, 0, 0, "k", new byte[0], headers, java.util.Optional.empty());
        assertThatThrownBy(() -> EventCodec.fromRecord(record))
                .isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("cn.ledger.no-such-thing.v9")
                .hasMessageContaining("offset 41");
    }

    static ConsumerRecord<String, byte[]> asConsumed(ProducerRecord<String, byte[]> out) {
        return new ConsumerRecord<>(out.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0, out.key(), out.value(),
                out.headers(), java.util.Optional.empty());
    }

    @net.jqwik.api.Property(seed = "20261204")
    void sequenceAttributesOrderAsStringsAsTheirPositionsDo(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0) long a,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0) long b) {
        String sa = EventCodec.sequenceAttribute(a);
        String sb = EventCodec.sequenceAttribute(b);
        assertThat(Integer.signum(sa.compareTo(sb))).isEqualTo(Long.signum(Long.compare(a, b)));
        assertThat(Long.parseLong(sa)).isEqualTo(a);
    }
}
