package cn.ledger.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.UnitCategory;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

class AccountabilityIT extends RankingProjectorIT {

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    Flyway flyway;

    List<FakeLedgerCommand.Request> requestsFor(String unit) {
        return LEDGER_COMMAND.requests.stream().filter(r -> r.unitId().equals(unit)).toList();
    }

    @Test
    void lastPlaceTwiceInARowOpensOneProcedureThatARebuildDoesNotOpenAgain() throws Exception {
        LEDGER_COMMAND.publishWith(envelope -> {
            try {
                publish(envelope);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        unit("u-acc", UnitCategory.DISTRICT, null);
        for (String office : new String[] {"u-a1", "u-a2", "u-a3"}) {
            unit(office, UnitCategory.STREET_OFFICE, "u-acc");
        }
        // May: a3 last. June: a2 last (a gap for a3). July and August: a3 last.
        String[][] scores = {{"2023-05", "90", "80", "70"}, {"2023-06", "90", "60", "70"},
                {"2023-07", "90", "80", "70"}, {"2023-08", "85", "80", "75"}};
        for (String[] month : scores) {
            evaluation("u-a1", month[0], month[1], "督查委");
            evaluation("u-a2", month[0], month[2], "督查委");
            evaluation("u-a3", month[0], month[3], "督查委");
        }
        for (String[] month : scores) {
            awaitRanked(month[0], "u-acc", 3);
        }

        close("2023-05", "u-acc");
        close("2023-06", "u-acc");
        close("2023-07", "u-acc");
        // A close decides the triggers in its own transaction: once it has answered, the outbox is complete.
        assertThat(get("/api/v1/accountability?from=2023-01&to=2023-12&parentUnitId=u-acc")).as("after one last place, and a gap")
                .isEmpty();
        assertThat(requestsFor("u-a3")).isEmpty();

        LEDGER_COMMAND.failuresToGive.set(1);          // ledger-command answers 503 once
        close("2023-08", "u-acc");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode triggers = get("/api/v1/accountability?from=2023-01&to=2023-12&parentUnitId=u-acc");
            assertThat(triggers).hasSize(1);
            assertThat(triggers.at("/0/unitId").asText()).isEqualTo("u-a3");
            assertThat(triggers.at("/0/month").asText()).isEqualTo("2023-08");
            assertThat(triggers.at("/0/firstMonth").asText()).isEqualTo("2023-07");
            assertThat(triggers.at("/0/status").asText()).isEqualTo("OPENED");
            assertThat(triggers.at("/0/procedureId").asText()).isNotBlank();
        });
        assertThat(requestsFor("u-a3")).extracting(FakeLedgerCommand.Request::status).containsExactly(503, 201);
        assertThat(requestsFor("u-a3").get(1).user()).isEqualTo("ranking-projector");
        assertThat(requestsFor("u-a3").get(1).idempotencyKey()).isEqualTo("accountability-u-a3-2023-08");
        // The procedure the ledger published comes back on the topic.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM accountability_procedure WHERE unit_id = 'u-a3'", Integer.class) == 1);

        Map<String, JsonNode> before = rankings();

        // Rebuild: the projector's tables dropped and made again, the topic read from the start.
        MessageListenerContainer container = listeners.getListenerContainer("ledger-events");
        container.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());
        flyway.clean();
        flyway.migrate();
        rewind(container.getGroupId());
        container.start();
        for (String[] month : scores) {
            awaitRanked(month[0], "u-acc", 3);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM accountability_procedure WHERE unit_id = 'u-a3'", Integer.class) == 1);
        for (String[] month : scores) {
            close(month[0], "u-acc");
        }

        assertThat(rankings()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode triggers = get("/api/v1/accountability?from=2023-01&to=2023-12&parentUnitId=u-acc");
            assertThat(triggers).hasSize(1);
            assertThat(triggers.at("/0/status").asText()).isIn("ALREADY_OPEN", "OPENED");
        });
        awaitSettled();
        assertThat(LEDGER_COMMAND.opened.stream().filter(k -> k.startsWith("u-a3/"))).containsExactly("u-a3/2023-08");
        assertThat(requestsFor("u-a3").stream().filter(r -> r.status() == 201)).hasSize(1);
    }

    private Map<String, JsonNode> rankings() throws Exception {
        Map<String, JsonNode> result = new java.util.TreeMap<>();
        for (String month : List.of("2023-05", "2023-06", "2023-07", "2023-08")) {
            result.put(month, get("/api/v1/rankings/monthly/" + month + "?parentUnitId=u-acc").path("ranking"));
        }
        return result;
    }

    private void rewind(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getProperty("spring.kafka.bootstrap-servers")))) {
            var partitions = admin.describeTopics(List.of(cn.ledger.contract.Topics.LEDGER_EVENTS)).allTopicNames()
                    .get().get(cn.ledger.contract.Topics.LEDGER_EVENTS).partitions();
            Map<TopicPartition, OffsetAndMetadata> start = partitions.stream().collect(Collectors.toMap(
                    p -> new TopicPartition(cn.ledger.contract.Topics.LEDGER_EVENTS, p.partition()),
                    p -> new OffsetAndMetadata(0)));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, start).all().get();
                return true;
            });
        }
    }
}
