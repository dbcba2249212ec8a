package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.publish.KafkaPublisher;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command service on real PostgreSQL and Kafka: storage is the PostgreSQL one (Axon falls back to
 * in-memory storage silently when misconfigured), and a command reaches the table and the topic.
 */
class AxonStorageIT extends CommandServiceIT {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void storesEventsAndTokensInPostgresNotInMemory() {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        assertThat(processing.eventProcessor(KafkaPublisher.PROCESSING_GROUP))
                .get().isInstanceOf(TrackingEventProcessor.class);
        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("ledger_command");
    }

    @Test
    void aCommandIsStoredInPostgresAndPublishedToKafka() throws Exception {
        String unitId = "U-" + UUID.randomUUID();
        HttpResponse<String> response = post("/api/v1/units",
                "{\"unitId\":\"" + unitId + "\",\"name\":\"安宁区\",\"category\":\"DISTRICT\",\"effectiveDate\":\"2023-01-01\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT sequence_number, type, payload_type, meta_data FROM domain_event_entry WHERE aggregate_identifier = ?",
                unitId);
        assertThat(row).containsEntry("sequence_number", 0L).containsEntry("type", "Unit")
                .containsEntry("payload_type", UnitRegistered.class.getName());
        assertThat(new String((byte[]) row.get("meta_data"))).contains("\"recordedBy\":\"it-recorder\"");

        LedgerEnvelope published = awaitOnTopic(unitId);
        assertThat(published.event()).isEqualTo(
                new UnitRegistered(unitId, "安宁区", cn.ledger.contract.UnitCategory.DISTRICT, null,
                        java.time.LocalDate.of(2023, 1, 1)));
        assertThat(published.recordedBy()).isEqualTo("it-recorder");
        assertThat(published.aggregateType()).isEqualTo("Unit");
        assertThat(published.sequence()).isZero();
        assertThat(published.correlationId()).isEqualTo(response.headers().firstValue("X-Correlation-Id").orElseThrow());
    }

    @Test
    void aRejectedCommandAppendsNothing() throws Exception {
        long before = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        HttpResponse<String> unknownParent = post("/api/v1/units",
                "{\"name\":\"x\",\"category\":\"STREET_OFFICE\",\"parentUnitId\":\"nope\",\"effectiveDate\":\"2023-01-01\"}");
        HttpResponse<String> badEnum = post("/api/v1/units",
                "{\"name\":\"x\",\"category\":\"PLANET\",\"effectiveDate\":\"2023-01-01\"}");
        assertThat(unknownParent.statusCode()).isEqualTo(404);
        assertThat(unknownParent.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(unknownParent.body()).contains("parentUnitId");
        assertThat(badEnum.statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(before);
    }

    private LedgerEnvelope awaitOnTopic(String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key());
                    if (key.equals(record.key())) {
                        return EventCodec.fromRecord(record);
                    }
                }
            }
            throw new AssertionError("no record keyed " + key + " on the topic; saw " + seen);
        }
    }
}
