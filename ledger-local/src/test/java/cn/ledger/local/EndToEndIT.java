package cn.ledger.local;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole path over real PostgreSQL and Kafka, each service in its own JVM as in production:
 * HTTP command → event store row → record on {@code ledger.events} → both projectors → exact answers
 * from the query endpoints; and projectors killed mid-stream count every event exactly once. On the test JVM's
 * {@link SharedSystem}: the projectors it kills run again before the next class.
 */
@ExtendWith(SharedSystem.class)
class EndToEndIT {

    static LocalSystem system;
    static LedgerClient client;
    static String command;
    static String query;
    static String ranking;

    @BeforeAll
    static void startSystem() {
        system = SharedSystem.system();
        // one caller that may write every record in every unit and read every query
        client = new LedgerClient(system.tokens().mint("e2e-recorder", List.of(Role.RECORDER, Role.ASSESSOR,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER, Role.AUDITOR), List.of("*"), null));
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
        ranking = system.ranking().baseUrl() + "/api/v1";
    }

    /** The projectors killed mid-stream are running again for the JVM's other tests, whatever the test came to. */
    @AfterAll
    static void servicesRunningAgain() {
        for (ServiceProcess service : system.services()) {
            if (!service.isRunning()) {
                service.start();
            }
            service.awaitHealthy(Duration.ofMinutes(5));
        }
    }

    @Test
    void aCommandTravelsFromHttpThroughStoreAndTopicToBothProjectors() throws Exception {
        String p = "t1-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "培黎街道", "STREET_OFFICE", p + "district");
        unit(p + "dept", "区发改局", "DISTRICT_DEPARTMENT", p + "district");
        cadre(p + "wang", p + "office");
        cadre(p + "zhang", p + "dept");

        JsonNode plus = entry(p + "wang", "POSITIVE", "项目双进", "3", "2023-09-10");
        entry(p + "wang", "POSITIVE", "基层党建", "1.5", "2023-09-11");
        JsonNode minus = entry(p + "wang", "NEGATIVE", "平安建设", "1", "2023-09-12");
        entry(p + "zhang", "NEGATIVE", "优化营商环境", "2", "2023-08-30");
        interview(p + "wang", "REMINDER", "2023-09-13");
        interview(p + "zhang", "FORMAL_TALK", "2023-09-14");
        interview(p + "zhang", "ADMONISHMENT", "2023-10-02");
        card(p + "office", "平安建设", "YELLOW");
        card(p + "office", "项目双进", "BLUE");
        card(p + "dept", "优化营商环境", "RED");
        card(p + "district", "经济运行", "BLUE");

        assertThat(plus.get("streamId").asText()).isEqualTo(p + "wang");
        assertThat(plus.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(minus.get("sequenceNumber").asLong()).isEqualTo(3);

        // the event store holds every event, in stream order, with who recorded it
        assertThat(storedEvents(p + "wang")).isEqualTo(5);
        assertThat(storedEvents(p + "zhang")).isEqualTo(4);
        assertThat(storedEvents(p + "office")).isEqualTo(3);

        // the topic carries them keyed by stream, with the CloudEvents attributes
        LedgerEnvelope negative = onTopic(p + "wang", 3);
        assertThat(negative.event()).isInstanceOf(NegativeEntryRecorded.class);
        assertThat(negative.recordedBy()).isEqualTo("e2e-recorder");
        assertThat(negative.eventId()).isNotBlank();
        assertThat(((NegativeEntryRecorded) negative.event()).points()).isEqualByComparingTo("1");

        // ledger-query
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode totals = client.get(query + "/cadres/" + p + "wang/entries/totals").expect(200).json();
            assertThat(totals.at("/positive/count").asLong()).isEqualTo(2);
            assertThat(totals.at("/positive/points").decimalValue()).isEqualByComparingTo("4.5");
            assertThat(totals.at("/negative/count").asLong()).isEqualTo(1);
            assertThat(totals.at("/netPoints").decimalValue()).isEqualByComparingTo("3.5");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode counts = client.get(query + "/interviews/counts?unitId=" + p + "district").expect(200).json();
            assertThat(counts.get("total").asLong()).isEqualTo(3);
            assertThat(counts.at("/byKind/REMINDER").asLong()).isEqualTo(1);
            assertThat(counts.at("/byKind/FORMAL_TALK").asLong()).isEqualTo(1);
            assertThat(counts.at("/byKind/ADMONISHMENT").asLong()).isEqualTo(1);
        });
        JsonNode september = client.get(query + "/interviews/counts?cadreId=" + p + "zhang&from=2023-09-01&to=2023-09-30")
                .expect(200).json();
        assertThat(september.get("total").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode cards = client.get(query + "/cards/totals?quarter=2023-Q3&unitId=" + p + "district").expect(200).json();
            assertThat(cards.at("/held/blue").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/blue").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/yellow").asLong()).isEqualTo(1);
            assertThat(cards.at("/below/red").asLong()).isEqualTo(1);
        });

        // ranking-projector
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, JsonNode> tally = tally("2023-09", p);
            JsonNode office = tally.get(p + "office");
            assertThat(office).isNotNull();
            assertThat(office.get("positiveEntries").asInt()).isEqualTo(2);
            assertThat(office.get("positivePoints").decimalValue()).isEqualByComparingTo("4.5");
            assertThat(office.get("negativeEntries").asInt()).isEqualTo(1);
            assertThat(office.get("interviews").asInt()).isEqualTo(1);
            assertThat(office.get("unitName").asText()).isEqualTo("培黎街道");
            assertThat(tally.get(p + "dept").get("interviews").asInt()).isEqualTo(1);
            assertThat(tally("2023-08", p).get(p + "dept").get("negativePoints").decimalValue())
                    .isEqualByComparingTo("2");
        });
    }

    @Test
    void everyRecordKindReachesBothProjectorsAndCorrectionsTakeRecordsOutOfTheCount() {
        String p = "t3-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "培黎街道", "STREET_OFFICE", p + "district");
        unit(p + "dept", "区发改局", "DISTRICT_DEPARTMENT", p + "district");
        cadre(p + "li", p + "office");
        String li = command + "/cadres/" + p + "li";
        String office = command + "/units/" + p + "office";

        // cadre master data changes
        post(li + "/appointments", "{\"post\":\"街道办主任\",\"postLevel\":\"乡科正\",\"effectiveDate\":\"2023-02-01\"}");
        post(li + "/rank-changes", "{\"rank\":\"四级调研员\",\"effectiveDate\":\"2023-03-01\"}");
        // entries, and each kind of correction
        String kept = entry(p + "li", "POSITIVE", "项目双进", "5", "2023-09-05").get("id").asText();
        String revoked = entry(p + "li", "POSITIVE", "经济运行", "7", "2023-09-06").get("id").asText();
        String tolerated = entry(p + "li", "NEGATIVE", "平安建设", "2", "2023-09-07").get("id").asText();
        String amended = entry(p + "li", "NEGATIVE", "基层党建", "4", "2023-09-08").get("id").asText();
        post(li + "/entries/" + revoked + "/revocation", "{\"reason\":\"重复录入\",\"effectiveDate\":\"2023-09-20\"}");
        post(li + "/entries/" + tolerated + "/toleration", "{\"reason\":\"三个区分开来\",\"effectiveDate\":\"2023-09-21\"}");
        String replacement = post(li + "/entries/" + amended + "/amendment", "{\"aspect\":\"基层党建\",\"points\":1,"
                + "\"summary\":\"核减\",\"reason\":\"扣分过重\",\"effectiveDate\":\"2023-09-22\"}").get("id").asText();
        interview(p + "li", "REMINDER", "2023-09-09");
        String sanction = post(li + "/sanctions", "{\"kind\":\"GOVERNMENT_WARNING\",\"decidedBy\":\"区监委\","
                + "\"reason\":\"测试\",\"effectiveDate\":\"2023-09-10\"}").get("id").asText();
        String investigation = post(li + "/investigations", "{\"authority\":\"区纪委\",\"reason\":\"测试\","
                + "\"effectiveDate\":\"2023-09-11\"}").get("id").asText();
        post(li + "/investigations/" + investigation + "/closure", "{\"outcome\":\"了结\",\"effectiveDate\":\"2023-09-25\"}");
        post(li + "/annual-grades", "{\"year\":2022,\"grade\":\"EXCELLENT\",\"effectiveDate\":\"2023-01-15\"}");
        String posting = post(li + "/postings", "{\"kind\":\"PETITIONS\",\"description\":\"信访接待\","
                + "\"startDate\":\"2023-04-01\"}").get("id").asText();
        post(li + "/postings/" + posting + "/end", "{\"effectiveDate\":\"2023-08-31\"}");
        String appeal = post(li + "/appeals", "{\"contestedRecordId\":" + q(sanction) + ",\"stage\":\"REVIEW\","
                + "\"reason\":\"事实不清\",\"effectiveDate\":\"2023-09-15\"}").get("id").asText();
        post(li + "/appeals/" + appeal + "/decision", "{\"outcome\":\"UPHELD\",\"reason\":\"维持\","
                + "\"effectiveDate\":\"2023-10-10\"}");
        // unit records
        card(p + "office", "平安建设", "RED");
        String card = client.post(office + "/cards", "{\"aspect\":\"经济运行\",\"quarter\":\"2023-Q3\","
                + "\"colour\":\"YELLOW\",\"effectiveDate\":\"2023-09-30\"}").expect(201).json().get("id").asText();
        post(office + "/records/" + card + "/revocation", "{\"reason\":\"误发\",\"effectiveDate\":\"2023-10-08\"}");
        String onTime = post(office + "/assignments", "{\"kind\":\"WEEKLY\",\"title\":\"清理积存信访件\","
                + "\"dueDate\":\"2023-09-15\",\"effectiveDate\":\"2023-09-04\"}").get("id").asText();
        String late = post(office + "/assignments", "{\"kind\":\"RESPONSIBILITY_LIST\",\"title\":\"项目落地\","
                + "\"dueDate\":\"2023-09-20\",\"effectiveDate\":\"2023-09-04\"}").get("id").asText();
        post(office + "/assignments", "{\"kind\":\"WEEKLY\",\"title\":\"环境整治\",\"dueDate\":\"2023-09-29\","
                + "\"effectiveDate\":\"2023-09-04\"}");
        post(office + "/assignments/" + onTime + "/completion", "{\"note\":\"已销号\",\"effectiveDate\":\"2023-09-14\"}");
        post(office + "/assignments/" + late + "/completion", "{\"effectiveDate\":\"2023-09-26\"}");
        post(office + "/evaluations", "{\"month\":\"2023-09\",\"score\":92.5,\"assessor\":\"督查委\","
                + "\"effectiveDate\":\"2023-10-05\"}");
        post(office + "/evaluations", "{\"month\":\"2023-09\",\"score\":88.5,\"assessor\":\"考核办\","
                + "\"effectiveDate\":\"2023-10-05\"}");
        post(office + "/accountability-procedures", "{\"month\":\"2023-09\",\"reason\":\"连续两月排名末位\","
                + "\"effectiveDate\":\"2023-10-06\"}");
        post(command + "/units/" + p + "dept/renaming", "{\"name\":\"区发展和改革局\",\"effectiveDate\":\"2023-06-01\"}");
        post(command + "/cadres/" + p + "li/transfers", "{\"toUnitId\":" + q(p + "dept") + ",\"effectiveDate\":\"2023-11-01\"}");
        unit(p + "closing", "撤并街道", "STREET_OFFICE", p + "district");
        post(command + "/units/" + p + "closing/closure", "{\"reason\":\"区划调整\",\"effectiveDate\":\"2023-12-31\"}");

        // ledger-query holds every kind, in stream order, corrections flagged and not hidden
        java.util.Set<String> seen = new java.util.HashSet<>();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            JsonNode timeline = client.get(query + "/streams/" + p + "li/records?limit=1000").expect(200).json();
            assertThat(timeline.get("records")).hasSize(21);
            JsonNode revokedEntry = recordOf(timeline, revoked);
            assertThat(revokedEntry.at("/corrections/0/kind").asText()).isEqualTo("REVOKED");
            assertThat(recordOf(timeline, tolerated).at("/corrections/0/kind").asText()).isEqualTo("TOLERATED");
            assertThat(recordOf(timeline, amended).at("/corrections/0/supersededBy").asText()).isEqualTo(replacement);
            assertThat(recordOf(timeline, kept).get("corrections")).isEmpty();
            assertThat(recordOf(timeline, kept).get("recordedBy").asText()).isEqualTo("e2e-recorder");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            seen.clear();
            for (String stream : List.of(p + "li", p + "office", p + "dept", p + "closing")) {
                client.get(query + "/streams/" + stream + "/records?limit=1000").expect(200).json().get("records")
                        .forEach(record -> seen.add(record.get("type").asText()));
            }
            assertThat(seen).as("every published event type reached ledger-query")
                    .containsExactlyInAnyOrderElementsOf(cn.ledger.contract.EventTypes.names());
        });
        JsonNode totals = client.get(query + "/cadres/" + p + "li/entries/totals").expect(200).json();
        assertThat(totals.at("/positive/points").decimalValue()).as("the revoked 7 no longer counts")
                .isEqualByComparingTo("5");
        assertThat(totals.at("/negative/points").decimalValue()).as("tolerated 2 out, amended 4 replaced by 1")
                .isEqualByComparingTo("1");
        JsonNode cards = client.get(query + "/cards/totals?quarter=2023-Q3&unitId=" + p + "office").expect(200).json();
        assertThat(cards.at("/held/red").asLong()).isEqualTo(1);
        assertThat(cards.at("/held/yellow").asLong()).as("the revoked card no longer counts").isZero();

        // ranking-projector: the month's tally, evaluation score and assignments, corrections taken out
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode september = tally("2023-09", p).get(p + "office");
            assertThat(september).isNotNull();
            assertThat(september.get("positiveEntries").asInt()).isEqualTo(1);
            assertThat(september.get("positivePoints").decimalValue()).isEqualByComparingTo("5");
            assertThat(september.get("negativeEntries").asInt()).isEqualTo(1);
            assertThat(september.get("negativePoints").decimalValue()).isEqualByComparingTo("1");
            assertThat(september.get("redCards").asInt()).isEqualTo(1);
            assertThat(september.get("yellowCards").asInt()).isZero();
            assertThat(september.get("evaluationScore").decimalValue()).isEqualByComparingTo("90.5");
            assertThat(september.at("/assignmentsDue/due").asInt()).isEqualTo(3);
            assertThat(september.at("/assignmentsDue/completedOnTime").asInt()).isEqualTo(1);
            assertThat(september.at("/assignmentsDue/completedLate").asInt()).isEqualTo(1);
            assertThat(september.at("/assignmentsDue/open").asInt()).isEqualTo(1);
        });
    }

    @Test
    void eligibilityAnswersAsOfADateAndAsTheLedgerKnewItAtATime() throws Exception {
        String p = "t4-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "培黎街道", "STREET_OFFICE", p + "district");
        cadre(p + "zhao", p + "office");   // 乡科正 since 2020-01-01, working since 2008, 3 years at the grassroots
        String zhao = command + "/cadres/" + p + "zhao";
        post(zhao + "/annual-grades", "{\"year\":2023,\"grade\":\"COMPETENT\",\"effectiveDate\":\"2024-01-10\"}");
        post(zhao + "/postings", "{\"kind\":\"PETITIONS\",\"description\":\"信访接待\",\"startDate\":\"2023-03-01\","
                + "\"endDate\":\"2023-12-31\"}");
        String warning = post(zhao + "/sanctions", "{\"kind\":\"GOVERNMENT_WARNING\",\"decidedBy\":\"区监委\","
                + "\"reason\":\"测试\",\"effectiveDate\":\"2024-03-01\"}").get("id").asText();
        String eligibility = query + "/cadres/" + p + "zhao/eligibility?purpose=LEADERSHIP_POST&target="
                + java.net.URLEncoder.encode("县处副", java.nio.charset.StandardCharsets.UTF_8);
        String warningEvent = projected(p + "zhao", warning);

        // a blocker that clears with time: 政务警告 blocks for 6 months from 2024-03-01
        JsonNode during = client.get(eligibility + "&asOf=2024-08-31").expect(200).json();
        assertThat(during.get("eligible").asBoolean()).as(during.toString()).isFalse();
        JsonNode blocker = ruleOf(during, "influence-period");
        assertThat(blocker.get("passed").asBoolean()).isFalse();
        assertThat(blocker.get("clearsOn").asText()).isEqualTo("2024-09-01");
        assertThat(blocker.get("eventIds").toString()).contains(warningEvent);
        assertThat(during.get("policyVersion").asText()).isNotBlank();
        JsonNode after = client.get(eligibility + "&asOf=2024-09-01").expect(200).json();
        assertThat(after.get("eligible").asBoolean()).as(after.toString()).isTrue();
        assertThat(ruleOf(after, "influence-period").get("passed").asBoolean()).isTrue();

        // a record revoked later: the answer as the ledger knew it before the revocation still blocks
        String serious = post(zhao + "/sanctions", "{\"kind\":\"PARTY_WARNING\",\"decidedBy\":\"区纪委\","
                + "\"reason\":\"测试\",\"effectiveDate\":\"2024-10-01\"}").get("id").asText();
        projected(p + "zhao", serious);
        java.time.Instant beforeRevocation = java.time.Instant.now();
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                .until(() -> java.time.Instant.now().isAfter(beforeRevocation.plusMillis(1)));
        post(zhao + "/records/" + serious + "/revocation", "{\"reason\":\"复核撤销\",\"effectiveDate\":\"2024-10-20\"}");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(client.get(eligibility + "&asOf=2024-11-01").json().get("eligible").asBoolean()).isTrue());
        JsonNode knownBefore = client.get(eligibility + "&asOf=2024-11-01&knownAt=" + beforeRevocation).expect(200).json();
        assertThat(knownBefore.get("eligible").asBoolean()).isFalse();
        assertThat(ruleOf(knownBefore, "influence-period").get("clearsOn").asText()).isEqualTo("2025-10-01");
        assertThat(client.get(eligibility + "&asOf=2024-11-01&knownAt=" + java.time.Instant.now()).expect(200).json()
                .get("eligible").asBoolean()).isTrue();

        // the dossier shows the revoked sanction flagged, and the roster lists the cadre
        JsonNode dossier = client.get(query + "/cadres/" + p + "zhao/dossier?asOf=2024-11-01").expect(200).json();
        assertThat(dossier.get("sanctions")).hasSize(2);
        assertThat(dossier.at("/sanctions/1/sanction/correction/kind").asText()).isEqualTo("REVOKED");
        assertThat(dossier.at("/sanctions/0/influenceEndsOn").asText()).isEqualTo("2024-09-01");
        JsonNode roster = client.get(query + "/units/" + p + "office/eligibility-roster?purpose=RANK_PROMOTION"
                + "&asOf=2024-11-01").expect(200).json();
        assertThat(roster.get("totalCadres").asInt()).isEqualTo(1);
        assertThat(roster.at("/cadres/0/cadreId").asText()).isEqualTo(p + "zhao");

        // bad parameters are named; unknown ids are 404
        JsonNode bad = client.get(query + "/cadres/" + p + "zhao/eligibility?purpose=LEADERSHIP_POST").expect(400).json();
        assertThat(bad.at("/errors/0/field").asText()).isEqualTo("target");
        assertThat(client.get(query + "/cadres/" + p + "zhao/eligibility?purpose=PROMOTED").expect(400).json()
                .at("/errors/0/field").asText()).isEqualTo("purpose");
        client.get(query + "/cadres/" + p + "nobody/eligibility?purpose=RANK_PROMOTION").expect(404);
    }

    static JsonNode ruleOf(JsonNode answer, String rule) {
        for (JsonNode outcome : answer.get("rules")) {
            if (outcome.get("rule").asText().equals(rule)) {
                return outcome;
            }
        }
        throw new AssertionError("no rule " + rule + " in " + answer);
    }

    /** Waits for a record to reach ledger-query; the id of the event that created it. */
    static String projected(String stream, String recordId) {
        String[] eventId = new String[1];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> eventId[0] = recordOf(
                client.get(query + "/streams/" + stream + "/records?limit=1000").expect(200).json(), recordId)
                .get("eventId").asText());
        return eventId[0];
    }

    static JsonNode post(String url, String body) {
        return client.post(url, body).expect(201).json();
    }

    static JsonNode recordOf(JsonNode timeline, String recordId) {
        for (JsonNode record : timeline.get("records")) {
            if (recordId.equals(record.path("recordId").asText(null))) {
                return record;
            }
        }
        throw new AssertionError("no record " + recordId + " in the timeline");
    }

    @Test
    void projectorsKilledMidStreamCountEveryEventExactlyOnce() {
        String p = "t2-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        unit(p + "district", "安宁区", "DISTRICT", null);
        unit(p + "office", "沙井驿街道", "STREET_OFFICE", p + "district");
        int cadres = 4;
        int perCadre = 60;
        for (int c = 0; c < cadres; c++) {
            cadre(p + "c" + c, p + "office");
        }
        for (int i = 0; i < perCadre; i++) {
            if (i == perCadre / 3) {
                system.query().kill();
            }
            if (i == perCadre / 2) {
                system.ranking().kill();
                system.query().start();
            }
            for (int c = 0; c < cadres; c++) {
                entry(p + "c" + c, "POSITIVE", "经济运行", "1", "2023-09-15");
            }
        }
        system.ranking().start();
        system.query().awaitHealthy(Duration.ofMinutes(2));
        system.ranking().awaitHealthy(Duration.ofMinutes(2));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (int c = 0; c < cadres; c++) {
                JsonNode totals = client.get(query + "/cadres/" + p + "c" + c + "/entries/totals").expect(200).json();
                assertThat(totals.at("/positive/count").asLong()).isEqualTo(perCadre);
                assertThat(totals.at("/positive/points").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(perCadre));
            }
            JsonNode office = tally("2023-09", p).get(p + "office");
            assertThat(office).isNotNull();
            assertThat(office.get("positiveEntries").asInt()).isEqualTo(cadres * perCadre);
        });
        // and nothing arrives later to push them past the exact figures: once both projectors' consumer groups
        // have committed past every record now on the topic, the figures are still exact
        Map<TopicPartition, Long> end = endOffsets();
        awaitCommittedPast("ledger-query", end);
        awaitCommittedPast("ranking-projector", end);
        for (int c = 0; c < cadres; c++) {
            JsonNode totals = client.get(query + "/cadres/" + p + "c" + c + "/entries/totals").expect(200).json();
            assertThat(totals.at("/positive/count").asLong()).isEqualTo(perCadre);
        }
        JsonNode office = tally("2023-09", p).get(p + "office");
        assertThat(office.get("positiveEntries").asInt()).isEqualTo(cadres * perCadre);
        assertThat(office.get("positivePoints").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(cadres * perCadre));
    }

    /** The end of every partition of ledger.events now. */
    static Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Waits until the group has committed, on every partition, at least the given offsets. */
    static void awaitCommittedPast(String group, Map<TopicPartition, Long> offsets) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                for (Map.Entry<TopicPartition, Long> end : offsets.entrySet()) {
                    if (end.getValue() > 0) {
                        assertThat(committed.get(end.getKey())).as(group + " " + end.getKey()).isNotNull();
                        assertThat(committed.get(end.getKey()).offset()).as(group + " " + end.getKey())
                                .isGreaterThanOrEqualTo(end.getValue());
                    }
                }
            });
        }
    }

    static void unit(String id, String name, String category, String parent) {
        client.post(command + "/units", "{\"unitId\":" + q(id) + ",\"name\":" + q(name) + ",\"category\":" + q(category)
                + ",\"parentUnitId\":" + (parent == null ? "null" : q(parent)) + ",\"effectiveDate\":\"2023-01-01\"}")
                .expect(201);
    }

    static void cadre(String id, String unit) {
        client.post(command + "/cadres", "{\"cadreId\":" + q(id) + ",\"name\":\"测试干部\",\"unitId\":" + q(unit)
                + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":3,"
                + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
    }

    static JsonNode entry(String cadre, String polarity, String aspect, String points, String date) {
        return client.post(command + "/cadres/" + cadre + "/entries", "{\"polarity\":" + q(polarity) + ",\"aspect\":"
                + q(aspect) + ",\"points\":" + points + ",\"summary\":\"测试\",\"effectiveDate\":" + q(date) + "}")
                .expect(201).json();
    }

    static void interview(String cadre, String kind, String date) {
        client.post(command + "/cadres/" + cadre + "/interviews", "{\"kind\":" + q(kind)
                + ",\"interviewer\":\"区委组织部\",\"reason\":\"测试\",\"effectiveDate\":" + q(date) + "}").expect(201);
    }

    static void card(String unit, String aspect, String colour) {
        client.post(command + "/units/" + unit + "/cards", "{\"aspect\":" + q(aspect) + ",\"quarter\":\"2023-Q3\","
                + "\"colour\":" + q(colour) + ",\"effectiveDate\":\"2023-09-30\"}").expect(201);
    }

    static Map<String, JsonNode> tally(String month, String prefix) {
        Map<String, JsonNode> byUnit = new java.util.HashMap<>();
        for (JsonNode row : client.get(ranking + "/tallies/monthly/" + month).expect(200).json()) {
            if (row.get("unitId").asText().startsWith(prefix)) {
                byUnit.put(row.get("unitId").asText(), row);
            }
        }
        return byUnit;
    }

    static long storedEvents(String aggregateId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*), max(sequence_number), "
                        + "bool_and(convert_from(meta_data, 'UTF8') LIKE '%\"recordedBy\":\"e2e-recorder\"%') "
                        + "FROM ledger_command.domain_event_entry WHERE aggregate_identifier = ?")) {
            s.setString(1, aggregateId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("sequence numbers without gaps").isEqualTo(rs.getLong(1) - 1);
                assertThat(rs.getBoolean(3)).as("every event names its recorder").isTrue();
                return rs.getLong(1);
            }
        }
    }

    static LedgerEnvelope onTopic(String key, long sequence) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<Long> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        LedgerEnvelope envelope = EventCodec.fromRecord(record);
                        seen.add(envelope.sequence());
                        if (envelope.sequence() == sequence) {
                            return envelope;
                        }
                    }
                }
            }
            throw new AssertionError("no event " + sequence + " of " + key + " on the topic; saw " + seen);
        }
    }
}
