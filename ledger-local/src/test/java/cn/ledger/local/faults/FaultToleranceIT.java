package cn.ledger.local.faults;

import static cn.ledger.local.LedgerClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.Topics;
import cn.ledger.embedded.TestInfrastructure;
import cn.ledger.local.LedgerClient;
import cn.ledger.local.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ledger's promise under faults: once ledger-command answered 2xx, the record is in the event
 * store, reaches {@code ledger.events} and is counted exactly once by both projectors — whatever fails
 * in between. Two instances of every service run as real processes against a Kafka broker in a child
 * process (so it can be stopped and restarted) and the shared PostgreSQL, reached by ledger-command
 * through a proxy the test can cut. Each fault drives a load of positive entries, then compares what
 * was acknowledged with the store, the topic and both read models, cadre by cadre and unit by unit.
 *
 * <p>The load and the outages are configurable ({@code ledger.reliability.commands},
 * {@code ledger.reliability.threads}, {@code ledger.reliability.outage-seconds}); the figures are
 * printed as a table and written to {@code target/reliability.md}. {@code reliability.sh} runs it
 * with a larger load.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    static final int COMMANDS = Integer.getInteger("ledger.reliability.commands", 240);
    static final int THREADS = Integer.getInteger("ledger.reliability.threads", 6);
    static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("ledger.reliability.outage-seconds", 6));
    static final Duration CONVERGE = Duration.ofMinutes(3);
    static final int CADRES = 6;

    static final ObjectMapper JSON = new ObjectMapper();
    /** Signs the tokens every instance accepts (local security mode, one key for the run). */
    static cn.ledger.security.LocalTokens tokens;
    /** The load's and the checks' caller: writes everywhere, reads everything. */
    static String bearer;
    static LedgerClient client;
    static final Figures figures = new Figures();

    static Path home;
    static KafkaBrokerProcess kafka;
    static TcpProxy postgresProxy;
    static ServiceProcess commandA;
    static ServiceProcess commandB;
    static ServiceProcess queryA;
    static ServiceProcess queryB;
    static ServiceProcess rankingA;
    static ServiceProcess rankingB;
    static final Set<ServiceProcess> down = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startSystem() throws Exception {
        home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        Path work = home.resolve("ledger-local/target/faults-" + UUID.randomUUID().toString().substring(0, 8));
        Path logs = Files.createDirectories(work.resolve("logs"));
        kafka = new KafkaBrokerProcess(work.resolve("kafka"));
        kafka.start(Duration.ofMinutes(2));

        String dbUrl = TestInfrastructure.databaseUrl();
        Matcher hostPort = Pattern.compile("^jdbc:postgresql://([^:/]+):?(\\d*)/").matcher(dbUrl);
        assertThat(hostPort.find()).as("a JDBC URL with host and port: " + dbUrl).isTrue();
        postgresProxy = new TcpProxy(hostPort.group(1), hostPort.group(2).isEmpty() ? 5432 : Integer.parseInt(hostPort.group(2)));
        String proxiedUrl = "jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + dbUrl.substring(hostPort.end());

        Map<String, String> env = new LinkedHashMap<>();
        java.nio.file.Path keyFile = java.nio.file.Files.createTempDirectory("ledger-faults").resolve("local-signing-key.json");
        tokens = new cn.ledger.security.LocalTokens(cn.ledger.security.LocalKey.load(keyFile),
                java.time.Duration.ofHours(8), java.time.Clock.systemUTC());
        String token = tokens.mint("reliability", java.util.List.of(cn.ledger.security.Role.RECORDER,
                cn.ledger.security.Role.ASSESSOR, cn.ledger.security.Role.REVIEWER, cn.ledger.security.Role.ADMIN),
                java.util.List.of(cn.ledger.security.Caller.ALL_UNITS), null);
        bearer = "Bearer " + token;
        client = new LedgerClient(token);
        env.put("LEDGER_SECURITY_MODE", "local");
        env.put("LEDGER_SECURITY_LOCAL_KEY_FILE", keyFile.toString());
        env.put("LEDGER_DB_USER", TestInfrastructure.databaseUser());
        env.put("LEDGER_DB_PASSWORD", TestInfrastructure.databasePassword() == null ? "" : TestInfrastructure.databasePassword());
        env.put("LEDGER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        // a consumer that died is noticed after 10 s instead of Kafka's default 45 s
        env.put("SPRING_APPLICATION_JSON", "{\"spring\":{\"kafka\":{\"consumer\":{\"properties\":"
                + "{\"session.timeout.ms\":\"10000\",\"heartbeat.interval.ms\":\"1000\"}}}}}");
        // six services share the machine's PostgreSQL (100 connections by default): small pools
        env.put("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1");
        // quicker start on a small machine; these processes do not run long enough to need the C2 compiler
        env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        // a key whose request died with its instance or its connection can be retried after 15 s
        Map<String, String> command = Map.of("LEDGER_DB_URL", proxiedUrl, "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "10",
                "LEDGER_IDEMPOTENCY_ABANDONED_AFTER", "15s");
        Map<String, String> projector = Map.of("LEDGER_DB_URL", dbUrl, "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "5");
        commandA = service("ledger-command", "a", env, command, "LEDGER_COMMAND_PORT", logs);
        commandB = service("ledger-command", "b", env, command, "LEDGER_COMMAND_PORT", logs);
        queryA = service("ledger-query", "a", env, projector, "LEDGER_QUERY_PORT", logs);
        queryB = service("ledger-query", "b", env, projector, "LEDGER_QUERY_PORT", logs);
        rankingA = service("ranking-projector", "a", env, projector, "LEDGER_RANKING_PORT", logs);
        rankingB = service("ranking-projector", "b", env, projector, "LEDGER_RANKING_PORT", logs);

        commandA.start();
        commandA.awaitHealthy(Duration.ofMinutes(3));   // migrates the event store, creates the topic
        List<ServiceProcess> rest = List.of(commandB, queryA, queryB, rankingA, rankingB);
        rest.forEach(ServiceProcess::start);
        CompletableFuture.allOf(rest.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(Duration.ofMinutes(4))))
                .toArray(CompletableFuture[]::new)).join();
    }

    static ServiceProcess service(String module, String instance, Map<String, String> common, Map<String, String> own,
            String portVariable, Path logs) {
        int port = KafkaBrokerProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>(common);
        env.putAll(own);
        env.put(portVariable, Integer.toString(port));
        return new ServiceProcess(module + "-" + instance,
                home.resolve(module).resolve("target").resolve(module + ".jar"), port, env, logs);
    }

    @AfterAll
    static void stopSystem() throws Exception {
        try {
            if (!figures.isEmpty()) {
                String table = "Reliability run: " + COMMANDS + " commands per fault from " + THREADS
                        + " threads, outages of " + OUTAGE.toSeconds() + " s\n\n" + figures.table();
                System.out.println("\n" + table);
                Files.writeString(home.resolve("ledger-local/target/reliability.md"), table);
            }
        } finally {
            List<ServiceProcess> all = List.of(commandA, commandB, queryA, queryB, rankingA, rankingB);
            CompletableFuture.allOf(all.stream().filter(java.util.Objects::nonNull)
                    .map(s -> CompletableFuture.runAsync(s::stop)).toArray(CompletableFuture[]::new)).join();
            if (kafka != null) {
                kafka.close();
            }
            if (postgresProxy != null) {
                postgresProxy.close();
            }
        }
        assertThat(figures.duplicatesAndLost()).as("duplicates applied plus events lost, over every fault").isZero();
    }

    // ------------------------------------------------------------------------------------------ faults

    @Test
    @Order(1)
    void kafkaStoppedAndRestartedLosesNothingAndKeepsEveryStreamInOrder() {
        Scenario s = new Scenario("k");
        Load before = s.load(COMMANDS / 2, true).start();
        before.awaitAcknowledged(COMMANDS / 4);
        kafka.stop();
        before.awaitDone();
        long stopped = System.nanoTime();
        // commands sent only while the broker is down
        Load meanwhile = new Load(FaultToleranceIT::liveCommandUrls, s.cadres, s.prefix + "down-",
                COMMANDS - COMMANDS / 2, THREADS, true).start().awaitDone();
        int during = meanwhile.acknowledged();
        Load.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
        kafka.start(Duration.ofMinutes(2));
        long restarted = System.nanoTime();
        Load load = Load.merged(before, meanwhile);

        assertThat(load.failures()).as("commands keep succeeding while Kafka is down").isEmpty();
        assertThat(load.refusals()).as("no command refused while Kafka is down").isEmpty();
        assertThat(during).as("commands acknowledged while Kafka was down").isPositive();
        Result r = s.verify(load, restarted);
        // copies are allowed (the projectors skip them); holes and reordering are not (checked in verify)
        figures.add(r.row("Kafka broker stopped " + OUTAGE.toSeconds() + " s, restarted (" + during
                + " commands answered meanwhile)", "publisher caught up " + secs(r.topicComplete)
                + " after the restart; read models exact " + secs(r.readModelsExact)));
    }

    @Test
    @Order(2)
    void projectorKilledMidBurstAndFedEverythingTwiceCountsEachEventOnce() {
        Scenario s = new Scenario("p");
        Load load = s.load(COMMANDS, true).start();
        load.awaitAcknowledged(COMMANDS / 3);
        queryA.kill();
        rankingA.kill();
        load.awaitAcknowledged(2 * COMMANDS / 3);
        queryA.start();
        rankingA.start();
        long restarted = System.nanoTime();
        load.awaitDone();
        queryA.awaitHealthy(Duration.ofMinutes(3));
        rankingA.awaitHealthy(Duration.ofMinutes(3));
        // every record of the burst delivered a second time, to both projectors
        int copies = republish(s.prefix);
        assertThat(copies).isGreaterThanOrEqualTo(COMMANDS);

        Result r = s.verify(load, restarted);
        figures.add(r.row("projector processes killed (SIGKILL) mid-burst, restarted; every record then "
                        + "published a second time (" + copies + " copies)",
                "read models exact " + secs(r.readModelsExact) + " after the restart"));
    }

    @Test
    @Order(3)
    void postgresUnreachableAnswers503AndEverythingResumesByItself() throws Exception {
        Scenario s = new Scenario("d");
        Load load = s.load(COMMANDS, true).start();
        load.awaitAcknowledged(COMMANDS / 3);
        postgresProxy.cut();
        long cut = System.nanoTime();
        HttpResponse<String> refused = post(commandA.baseUrl() + "/api/v1/cadres/" + s.cadres.get(0) + "/entries",
                entryBody());
        HttpResponse<String> health = get(commandA.baseUrl() + "/actuator/health");
        long wait = OUTAGE.toMillis() - (System.nanoTime() - cut) / 1_000_000;
        Load.sleep(Math.max(0, wait));
        postgresProxy.restore();
        long restored = System.nanoTime();
        awaitTrue(() -> get(commandA.baseUrl() + "/actuator/health").statusCode() == 200
                && get(commandB.baseUrl() + "/actuator/health").statusCode() == 200, Duration.ofMinutes(2));
        long healthy = System.nanoTime() - restored;
        load.awaitDone();

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).get("type").asText()).isEqualTo("urn:ledger:problem:unavailable");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(load.refusals().keySet()).as("refusals while the database is unreachable are 503s, never 500")
                .doesNotContain(500);
        assertThat(load.failures()).as("every command succeeds once retried").isEmpty();

        Result r = s.verify(load, restored);
        figures.add(r.row("PostgreSQL unreachable for ledger-command " + OUTAGE.toSeconds() + " s (proxy cut)",
                "healthy " + secs(healthy) + " after the restore; topic complete " + secs(r.topicComplete)
                        + ", read models exact " + secs(r.readModelsExact)));
    }

    @Test
    @Order(5)
    void oneOfTwoInstancesOfEachServiceKilledTheOtherTakesOver() {
        Scenario s = new Scenario("i");
        Load load = s.load(COMMANDS, true).start();
        load.awaitAcknowledged(COMMANDS / 3);
        down.add(commandA);
        commandA.kill();
        queryB.kill();
        rankingB.kill();
        long killed = System.nanoTime();
        load.awaitDone();
        assertThat(load.failures()).as("the surviving instance answers every command").isEmpty();

        Result r = s.verify(load, killed);
        figures.add(r.row("one of two instances of each service killed (SIGKILL) mid-burst",
                "surviving instances: topic complete " + secs(r.topicComplete) + ", read models exact "
                        + secs(r.readModelsExact) + " after the kill"));
    }

    @Test
    @Order(4)
    void concurrentCommandsOnOneCadreThroughTwoInstancesLoseNoUpdate() {
        Scenario s = new Scenario("c", 1);
        Load load = s.load(Math.max(60, COMMANDS / 2), false, 12).start().awaitDone();

        List<Load.Ack> acks = load.acks();
        assertThat(acks.stream().map(Load.Ack::sequence).distinct().count()).as("no two answers share a sequence number")
                .isEqualTo(acks.size());
        assertThat(load.refusals().keySet()).as("refusals are conflicts, never server errors")
                .allMatch(status -> status == 409);
        Result r = s.verify(load, System.nanoTime());
        assertThat(r.stored).as("a refused command appended nothing").isEqualTo(acks.size());
        figures.add(r.row("concurrent commands on one cadre through both ledger-command instances ("
                + load.refusals().getOrDefault(409, 0) + " answered 409 after retries)", "—"));
    }

    // ------------------------------------------------------------------------------------------ checking

    /** One fault's cadres (in one street office) and what the ledger did with their load. */
    final class Scenario {
        final String prefix;
        final String office;
        final List<String> cadres = new ArrayList<>();

        Scenario(String name) {
            this(name, CADRES);
        }

        Scenario(String name, int cadreCount) {
            prefix = "rel-" + name + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
            String command = liveCommand() + "/api/v1";
            client.post(command + "/units", "{\"unitId\":" + q(prefix + "district") + ",\"name\":\"安宁区\","
                    + "\"category\":\"DISTRICT\",\"parentUnitId\":null,\"effectiveDate\":\"2023-01-01\"}").expect(201);
            office = prefix + "office";
            client.post(command + "/units", "{\"unitId\":" + q(office) + ",\"name\":\"培黎街道\","
                    + "\"category\":\"STREET_OFFICE\",\"parentUnitId\":" + q(prefix + "district")
                    + ",\"effectiveDate\":\"2023-01-01\"}").expect(201);
            for (int c = 0; c < cadreCount; c++) {
                String cadre = prefix + "c" + c;
                client.post(command + "/cadres", "{\"cadreId\":" + q(cadre) + ",\"name\":\"测试干部\",\"unitId\":"
                        + q(office) + ",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\","
                        + "\"rank\":\"一级主任科员\",\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\","
                        + "\"grassrootsYears\":3,\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").expect(201);
                cadres.add(cadre);
            }
        }

        Load load(int commands, boolean retry) {
            return load(commands, retry, THREADS);
        }

        Load load(int commands, boolean retry, int threads) {
            return new Load(FaultToleranceIT::liveCommandUrls, cadres, prefix, commands, threads, retry);
        }

        /**
         * Waits until the topic and both read models hold what the store holds, then compares all of
         * them with what was acknowledged; {@code since} starts the recovery clocks.
         */
        Result verify(Load load, long since) {
            Result r = new Result();
            r.acknowledged = load.acks().size();
            r.refused = load.refusals().values().stream().mapToLong(Integer::longValue).sum();
            Map<String, Map<Long, String>> store = storedEntries(prefix);      // stream → sequence → correlation
            r.stored = store.values().stream().mapToLong(Map::size).sum();

            // nothing lost, nothing half-written: every 2xx in the store, every stream without holes
            for (Load.Ack ack : load.acks()) {
                String correlation = store.getOrDefault(ack.stream(), Map.of()).get(ack.sequence());
                if (!ack.correlation().equals(correlation)) {
                    r.lost++;
                }
            }
            Set<String> correlations = new HashSet<>();
            for (Map<Long, String> stream : store.values()) {
                assertThat(stream.keySet()).as("sequence numbers without holes")
                        .containsExactlyInAnyOrderElementsOf(range(1, stream.size()));
                for (String c : stream.values()) {
                    if (!correlations.add(c)) {
                        r.appliedTwice++;   // stored, then its answer lost with the instance or the connection
                    }
                }
            }

            // the topic: every stored event, in stream order
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            TopicContents topic;
            do {
                topic = topic(prefix);
            } while (!topic.holdsAll(store) && System.nanoTime() < deadline && pause());
            r.topicComplete = System.nanoTime() - since;
            r.topic = topic;
            r.onTopic = topic.distinctEntries();
            assertThat(topic.outOfOrder).as("events out of stream order on the topic").isEmpty();
            assertThat(topic.holdsAll(store)).as("every stored event on the topic").isTrue();

            // both read models: exactly the stored entries, per cadre and per unit
            Map<String, Long> expected = new HashMap<>();
            store.forEach((stream, entries) -> expected.put(stream, (long) entries.size()));
            long expectedTotal = r.stored;
            Map<String, Long> perCadre = Map.of();
            long unitTotal = -1;
            do {
                try {
                    perCadre = ledgerQueryCounts();
                    unitTotal = rankingCount();
                } catch (RuntimeException e) {
                    // a restarted projector not answering yet
                }
            } while ((!perCadre.equals(expected) || unitTotal != expectedTotal) && System.nanoTime() < deadline
                    && pause());
            r.readModelsExact = System.nanoTime() - since;
            Load.sleep(2000);   // anything arriving late would push the counts past the store
            perCadre = ledgerQueryCounts();
            unitTotal = rankingCount();
            r.ledgerQuery = perCadre.values().stream().mapToLong(Long::longValue).sum();
            r.ranking = unitTotal;
            for (String cadre : cadres) {
                long applied = perCadre.getOrDefault(cadre, 0L);
                long stored = expected.getOrDefault(cadre, 0L);
                r.duplicatesApplied += Math.max(0, applied - stored);
                r.lost = Math.max(r.lost, stored - applied);
            }
            r.duplicatesApplied += Math.max(0, unitTotal - expectedTotal);
            r.lost = Math.max(r.lost, expectedTotal - unitTotal);
            figuresIfFailing(r);
            assertThat(perCadre).as("ledger-query: entries per cadre").isEqualTo(expected);
            assertThat(unitTotal).as("ranking-projector: entries of the unit").isEqualTo(expectedTotal);
            assertThat(r.lost).as("acknowledged events lost").isZero();
            return r;
        }

        private void figuresIfFailing(Result r) {
            if (r.lost > 0 || r.duplicatesApplied > 0) {
                figures.add(r.row(prefix + " (failed)", "—"));
            }
        }

        Map<String, Long> ledgerQueryCounts() {
            Map<String, Long> counts = new HashMap<>();
            for (String cadre : cadres) {
                JsonNode totals = client.get(liveQuery() + "/api/v1/cadres/" + cadre + "/entries/totals").expect(200)
                        .json();
                long count = totals.at("/positive/count").asLong();
                if (count > 0) {
                    counts.put(cadre, count);
                }
            }
            return counts;
        }

        long rankingCount() {
            for (JsonNode row : client.get(liveRanking() + "/api/v1/tallies/monthly/2023-09").expect(200).json()) {
                if (row.get("unitId").asText().equals(office)) {
                    return row.get("positiveEntries").asLong();
                }
            }
            return 0;
        }
    }

    static final class Result {
        long acknowledged;
        long stored;
        long onTopic;
        long ledgerQuery;
        long ranking;
        long duplicatesApplied;
        long lost;
        long refused;
        long appliedTwice;
        long topicComplete;
        long readModelsExact;
        TopicContents topic;

        Figures.Row row(String fault, String recovery) {
            return new Figures.Row(fault, acknowledged, stored, onTopic, topic == null ? 0 : topic.copies, ledgerQuery,
                    ranking, duplicatesApplied, lost, refused, appliedTwice, recovery);
        }
    }

    /** The entries (sequence ≥ 1) of a run's cadre streams: stream → sequence → correlation id. */
    static Map<String, Map<Long, String>> storedEntries(String prefix) {
        Map<String, Map<Long, String>> streams = new HashMap<>();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.databaseUrl(),
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement("SELECT aggregate_identifier, sequence_number, "
                        + "convert_from(meta_data, 'UTF8') FROM ledger_command.domain_event_entry "
                        + "WHERE aggregate_identifier LIKE ? AND sequence_number > 0")) {
            s.setString(1, prefix + "c%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String correlation = JSON.readTree(rs.getString(3)).path("correlationId").asText();
                    streams.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2), correlation);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return streams;
    }

    /** What {@code ledger.events} holds for a run's streams, in offset order per key. */
    static final class TopicContents {
        final Map<String, List<Long>> sequences = new HashMap<>();
        final List<String> outOfOrder = new ArrayList<>();
        long copies;

        boolean holdsAll(Map<String, Map<Long, String>> store) {
            for (var stream : store.entrySet()) {
                List<Long> onTopic = sequences.getOrDefault(stream.getKey(), List.of());
                if (!new HashSet<>(onTopic).containsAll(stream.getValue().keySet())) {
                    return false;
                }
            }
            return true;
        }

        long distinctEntries() {
            return sequences.values().stream().mapToLong(s -> s.stream().filter(q -> q > 0).distinct().count()).sum();
        }
    }

    /**
     * Reads the whole topic. Per key, a record whose sequence was not seen before must be the next one
     * (no reordering, no holes); a record whose sequence was seen is a copy (at-least-once publishing,
     * or a deliberate redelivery).
     */
    static TopicContents topic(String prefix) {
        TopicContents contents = new TopicContents();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_EVENTS, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<String, Long> highest = new HashMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix + "c")) {
                        continue;
                    }
                    LedgerEnvelope envelope = EventCodec.fromRecord(record);
                    long sequence = envelope.sequence();
                    long last = highest.getOrDefault(record.key(), -1L);
                    if (sequence <= last) {
                        contents.copies++;
                    } else if (sequence != last + 1) {
                        contents.outOfOrder.add(record.key() + ": " + sequence + " after " + last);
                    }
                    highest.put(record.key(), Math.max(last, sequence));
                    contents.sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(sequence);
                }
            }
        }
        return contents;
    }

    /** Publishes a second copy of every record of a run's streams, as a redelivery would. */
    static int republish(String prefix) {
        int copies = 0;
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER_EVENTS, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().startsWith(prefix + "c")
                            && record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(),
                                record.value(), record.headers()));
                        copies++;
                    }
                }
            }
            producer.flush();
        }
        return copies;
    }

    // ------------------------------------------------------------------------------------------ helpers

    static List<String> liveCommandUrls() {
        return (down.contains(commandA) ? List.of(commandB) : List.of(commandA, commandB)).stream()
                .map(ServiceProcess::baseUrl).toList();
    }

    static String liveCommand() {
        return liveCommandUrls().get(0);
    }

    static String liveQuery() {
        return (queryA.isRunning() ? queryA : queryB).baseUrl();
    }

    static String liveRanking() {
        return (rankingA.isRunning() ? rankingA : rankingB).baseUrl();
    }

    static String entryBody() {
        return "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"探测\","
                + "\"effectiveDate\":\"2023-09-15\"}";
    }

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static HttpResponse<String> post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition::getAsBoolean);
    }

    static boolean pause() {
        Load.sleep(250);
        return true;
    }

    static List<Long> range(long from, long count) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v < from + count; v++) {
            values.add(v);
        }
        return values;
    }

    static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
