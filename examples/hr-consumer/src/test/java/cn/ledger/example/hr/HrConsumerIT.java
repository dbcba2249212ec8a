package cn.ledger.example.hr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.Topics;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.SanctionImposed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.example.hr.PersonnelFiles.PersonnelFile;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example HR consumer against a real (in-process) Kafka broker, fed records written by the ledger's codec. */
class HrConsumerIT {

    static final LocalDate DAY = LocalDate.of(2023, 9, 1);

    @TempDir
    Path state;

    final String bootstrap = TestInfrastructure.kafkaBootstrapServers();
    final String cadre = "c-" + UUID.randomUUID().toString().substring(0, 8);
    final String unit = "u-" + cadre;

    ProducerRecord<String, byte[]> record(String id, long sequence, LedgerEvent event) {
        return EventCodec.toRecord(Topics.LEDGER_EVENTS, new LedgerEnvelope(id, event.subjectId().equals(unit) ? "Unit"
                : "Cadre", event.subjectId(), sequence, Instant.parse("2023-09-02T08:00:00Z"), "recorder-1", "corr", event));
    }

    @Test
    void keepsPersonnelFilesInStepOnceEachAndCommitsWhatItApplied() throws Exception {
        createTopic();
        NegativeEntryRecorded negative = new NegativeEntryRecorded(cadre, "e-1", "平安建设", BigDecimal.ONE, "督查发现问题",
                List.of(), DAY);
        String negativeId = "evt-" + cadre + "-2";
        List<ProducerRecord<String, byte[]>> history = List.of(
                record("evt-" + unit + "-0", 0, new UnitRegistered(unit, "安宁区", UnitCategory.DISTRICT, null, DAY)),
                record("evt-" + cadre + "-0", 0, new CadreRegistered(cadre, "王建国", unit, "科长", "乡科正", DAY, "一级主任科员",
                        DAY, LocalDate.of(2008, 7, 1), 3, null, DAY)),
                record("evt-" + cadre + "-1", 1, new CadreAppointed(cadre, "副区长", "县处副", DAY)),
                record(negativeId, 2, negative),
                record(negativeId, 2, negative),
                record("evt-" + cadre + "-3", 3, new SanctionImposed(cadre, "s-1", SanctionKind.PARTY_WARNING, null, "区纪委",
                        "违纪", DAY)));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(history);
        records.add(futureType());
        send(records);

        LocalStore store = new LocalStore(state.resolve("state.json"));
        try (HrConsumer hr = new HrConsumer(bootstrap, store)) {
            consumeUntil(hr, () -> store.personnelFiles().lastSequence(cadre) >= 4);
            PersonnelFile file = store.personnelFiles().of(cadre).orElseThrow();
            assertThat(file).isEqualTo(new PersonnelFile(cadre, "王建国", unit, "副区长", "县处副", "一级主任科员", 1, 1, 4));
            assertThat(hr.duplicates()).isEqualTo(1);
            assertThat(hr.applied()).isEqualTo(4);
        }
        assertThat(committedOffsets()).isEqualTo(endOffsets());

        // a restarted instance reads its store back, and an event delivered again (same ce_id) changes nothing
        send(List.of(record(negativeId, 2, negative)));
        LocalStore reopened = new LocalStore(state.resolve("state.json"));
        assertThat(reopened.seen(negativeId)).isTrue();
        try (HrConsumer hr = new HrConsumer(bootstrap, reopened)) {
            consumeUntil(hr, () -> hr.duplicates() == 1);
            assertThat(reopened.personnelFiles().of(cadre).orElseThrow().negativeEntries()).isEqualTo(1);
            assertThat(hr.applied()).isZero();
        }
        assertThat(committedOffsets()).isEqualTo(endOffsets());
        assertThat(Files.readString(state.resolve("state.json"))).contains(negativeId).contains("王建国");
    }

    /** An event type this consumer does not know (a later contract version): skipped, not an error. */
    ProducerRecord<String, byte[]> futureType() {
        return KafkaMessageFactory.<String>createWriter(Topics.LEDGER_EVENTS, cadre).writeBinary(CloudEventBuilder.v1()
                .withId("evt-" + cadre + "-4").withSource(URI.create(EventCodec.SOURCE))
                .withType("cn.ledger.something-new.v1").withSubject(cadre).withTime(OffsetDateTime.now())
                .withDataSchema(URI.create("urn:ledger:schema:something-new.v1")).withDataContentType("application/json")
                .withExtension("sequence", "4").withData("{\"cadreId\":\"x\",\"newField\":1}".getBytes()).build());
    }

    void consumeUntil(HrConsumer hr, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            hr.pollOnce(Duration.ofMillis(200));
        }
        assertThat(done.getAsBoolean()).as("consumed in time").isTrue();
        hr.pollOnce(Duration.ofMillis(500));
    }

    void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(Topics.LEDGER_EVENTS, 3, (short) 1).configs(Topics.LEDGER_EVENTS_CONFIG)))
                    .all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    Map<TopicPartition, Long> committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets(HrConsumer.GROUP).partitionsToOffsetAndMetadata().get().entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<TopicPartition> partitions = admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get()
                    .get(Topics.LEDGER_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.LEDGER_EVENTS, p.partition())).collect(Collectors.toSet());
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
