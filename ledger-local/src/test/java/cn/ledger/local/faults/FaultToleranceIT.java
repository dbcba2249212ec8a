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
import cn.ledger.local.harness.CommandLedger;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
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

    /**
     * A database of this class's own: the JVM's shared system ({@code SharedSystem}) runs on the JVM's database,
     * and its services would otherwise share the event store and the read models with this class's.
     */
    static final String FAULTS_DB = TestInfrastructure.anotherDatabaseUrl();

    static final int COMMANDS = Integer.getInteger("ledger.reliability.commands", 240);
    static final int THREADS = Integer.getInteger("ledger.reliability.threads", 6);
    static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("ledger.reliability.outage-seconds", 6));
    static final Duration CONVERGE = Duration.ofMinutes(3);
    /** How long a service may take to start: minutes when the machine's cores are shared with other builds. */
    static final Duration STARTUP = Duration.ofMinutes(Integer.getInteger("ledger.reliability.startup-minutes", 8));
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

        String dbUrl = FAULTS_DB;
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
        commandA.awaitHealthy(STARTUP);   // migrates the event store, creates the topic
        List<ServiceProcess> rest = List.of(commandB, queryA, queryB, rankingA, rankingB);
        rest.forEach(ServiceProcess::start);
        CompletableFuture.allOf(rest.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(STARTUP)))
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
        assertThat(figures.defects()).as("lost, stored twice, applied twice, out of order and failed, over every fault")
                .isZero();
    }

    // ------------------------------------------------------------------------------------------ faults

    @Test
    @Order(1)
    void kafkaStoppedAndRestartedLosesNothingAndKeepsEveryStreamInOrder() {
        Scenario s = new Scenario("k");
        Load before = s.load(COMMANDS / 2, true).start();
        before.awaitAcknowledged(COMMANDS / 4);
        kafka.stop();
        long stopped = System.nanoTime();
        before.awaitDone();
        // commands sent only while the broker is down
        Load meanwhile = new Load(s.ledger, FaultToleranceIT::liveCommandUrls, bearer, s.cadres, s.prefix + "down-",
                COMMANDS - COMMANDS / 2, THREADS, true).start().awaitDone();
        int during = meanwhile.acknowledged();
        Set<String> answeredWhileDown = s.ledger.keys(CommandLedger.Answer.ACKNOWLEDGED).stream()
                .filter(key -> key.startsWith(s.prefix + "down-")).collect(java.util.stream.Collectors.toSet());
        Load.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));

        // the fault happened and was seen: the broker's port is closed for the whole outage, and nothing
        // acknowledged meanwhile reached a read model
        assertThat(kafka.isListening()).as("the broker is down").isFalse();
        assertThat(during).as("commands acknowledged while Kafka was down").isPositive();
        assertThat(inLedgerQuery(answeredWhileDown)).as("commands answered while Kafka was down, already in ledger-query")
                .isZero();
        long down = System.nanoTime() - stopped;
        kafka.start(Duration.ofMinutes(2));
        long restarted = System.nanoTime();
        assertThat(Duration.ofNanos(down)).as("the broker was down at least the stated outage")
                .isGreaterThanOrEqualTo(OUTAGE);

        assertThat(s.ledger.keys(CommandLedger.Answer.REFUSED)).as("no command refused while Kafka is down").isEmpty();
        long refused = before.refusalCount() + meanwhile.refusalCount();
        assertThat(refused).as("answers other than 2xx while Kafka is down").isZero();
        String fault = "Kafka broker stopped " + secs(down) + ", restarted (" + during + " commands answered meanwhile)";
        Result r = s.verify(fault, refused, restarted, CommandLedger.Conflicts.MUST_BE_STORED);
        // copies are allowed (the projectors skip them); holes and reordering are not (checked by the verdict)
        figures.add(r.row(fault, "publisher caught up " + secs(r.topicComplete)
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
        // the fault happened: both processes are gone and nothing answers on their ports
        assertDead(queryA);
        assertDead(rankingA);
        load.awaitAcknowledged(2 * COMMANDS / 3);
        queryA.start();
        rankingA.start();
        long restarted = System.nanoTime();
        load.awaitDone();
        queryA.awaitHealthy(STARTUP);
        rankingA.awaitHealthy(STARTUP);
        // every record of the burst delivered a second time, to both projectors
        Republished copies = republish(s.prefix);
        assertThat(copies.records()).isGreaterThanOrEqualTo(s.ledger.acknowledgedCount());

        // the copies were seen: both projectors' groups committed offsets past the last copy
        awaitConsumedPast(copies.endOffsets());
        String fault = "projector processes killed (SIGKILL) mid-burst, restarted; every record of the streams then "
                + "published a second time (" + copies.records() + " records, consumed by both groups)";
        Result r = s.verify(fault, load.refusalCount(), restarted, CommandLedger.Conflicts.MUST_BE_STORED);
        figures.add(r.row(fault,
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
        long outage = System.nanoTime() - cut;
        postgresProxy.restore();
        long restored = System.nanoTime();
        awaitTrue(() -> get(commandA.baseUrl() + "/actuator/health").statusCode() == 200
                && get(commandB.baseUrl() + "/actuator/health").statusCode() == 200, Duration.ofMinutes(2));
        long healthy = System.nanoTime() - restored;
        load.awaitDone();

        // the fault happened and was seen: cut for the stated time, ledger-command refused and reported DOWN
        assertThat(Duration.ofNanos(outage)).as("the database was unreachable at least the stated outage")
                .isGreaterThanOrEqualTo(OUTAGE);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).get("type").asText()).isEqualTo("urn:ledger:problem:unavailable");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(load.refusals().keySet()).as("refusals while the database is unreachable are 503s, never 500")
                .doesNotContain(500);

        // every command succeeds once retried: the verdict fails on any command refused, lost or stored twice
        String fault = "PostgreSQL unreachable for ledger-command " + secs(outage) + " (proxy cut)";
        Result r = s.verify(fault, load.refusalCount(), restored, CommandLedger.Conflicts.MUST_BE_STORED);
        figures.add(r.row(fault,
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
        // the fault happened: the three processes are gone and nothing answers on their ports
        assertDead(commandA);
        assertDead(queryB);
        assertDead(rankingB);
        load.awaitDone();

        // the surviving instance answers every command: the verdict fails on any refused, lost or doubled
        String fault = "one of two instances of each service killed (SIGKILL) mid-burst";
        Result r = s.verify(fault, load.refusalCount(), killed, CommandLedger.Conflicts.MUST_BE_STORED);
        figures.add(r.row(fault,
                "surviving instances: topic complete " + secs(r.topicComplete) + ", read models exact "
                        + secs(r.readModelsExact) + " after the kill"));
    }

    @Test
    @Order(4)
    void concurrentCommandsOnOneCadreThroughTwoInstancesLoseNoUpdate() {
        Scenario s = new Scenario("c", 1);
        Load load = s.load(Math.max(60, COMMANDS / 2), false, 12).start().awaitDone();

        List<CommandLedger.Command> acks = s.ledger.commands().stream()
                .filter(c -> c.answer() == CommandLedger.Answer.ACKNOWLEDGED).toList();
        assertThat(acks.stream().map(CommandLedger.Command::sequence).distinct().count())
                .as("no two answers share a sequence number").isEqualTo(acks.size());
        assertThat(load.refusals().keySet()).as("refusals are conflicts, never server errors")
                .allMatch(status -> status == 409);
        // a command refused with 409 must have appended nothing (judged by its key in the store)
        String fault = "concurrent commands on one cadre through both ledger-command instances ("
                + load.refusals().getOrDefault(409, 0) + " answered 409 after retries)";
        Result r = s.verify(fault, load.refusalCount(), System.nanoTime(), CommandLedger.Conflicts.MUST_NOT_BE_STORED);
        assertThat(r.verdict.stored()).as("a refused command appended nothing").isEqualTo(acks.size());
        figures.add(r.row(fault, "—"));
    }

    // ------------------------------------------------------------------------------------------ checking

    static final String QUERY_GROUP = "ledger-query";
    static final String RANKING_GROUP = "ranking-projector";

    /** One fault's cadres (in one street office), the commands sent for them and what became of each. */
    final class Scenario {
        final String prefix;
        final String office;
        final List<String> cadres = new ArrayList<>();
        final CommandLedger ledger = new CommandLedger();

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
            return new Load(ledger, FaultToleranceIT::liveCommandUrls, bearer, cadres, prefix, commands, threads, retry);
        }

        /**
         * Waits (bounded) until the topic, then both read models, hold every stored event; then until both
         * projectors' consumer groups have committed offsets past the end of the topic, so that anything
         * still to arrive has arrived; then judges every command by its key and asserts the verdict clean.
         * {@code since} starts the recovery clocks.
         */
        Result verify(String fault, long refused, long since, CommandLedger.Conflicts conflicts) {
            Result r = new Result();
            r.refused = refused;
            awaitQuietly(() -> ledger.judge(observe(false), conflicts).lost().isEmpty());
            r.topicComplete = System.nanoTime() - since;
            awaitQuietly(() -> ledger.judge(observe(true), conflicts).lost().isEmpty());
            r.readModelsExact = System.nanoTime() - since;
            awaitConsumedPast(endOffsets());
            r.verdict = ledger.judge(observe(true), conflicts);
            System.out.println(prefix + ": " + r.verdict.report());
            if (!r.verdict.clean()) {
                figures.add(r.row(fault + " — **FAILED**" + (r.verdict.storedTwice().isEmpty() ? ""
                        : ": " + String.join("; ", r.verdict.storedTwice())), "—"));
            }
            r.verdict.assertClean();
            return r;
        }

        /** The store, the topic and (if asked) both read models, for this scenario's cadre streams. */
        CommandLedger.Observations observe(boolean readModels) {
            List<CommandLedger.StoredEvent> store = storedEntries(prefix);
            List<CommandLedger.Published> topic = topic(prefix);
            if (!readModels) {
                return new CommandLedger.Observations(store, topic, List.of());
            }
            return new CommandLedger.Observations(store, topic, List.of(
                    new CommandLedger.ReadModel(QUERY_GROUP,
                            column("SELECT event_id FROM ledger_query.entry WHERE cadre_id LIKE ?", prefix + "c%"),
                            CommandLedger.StoredEvent::eventId, ledgerQueryCounts(), CommandLedger.StoredEvent::stream),
                    new CommandLedger.ReadModel(RANKING_GROUP,
                            column("SELECT record_id FROM ranking.counted_record WHERE unit_id = ? AND kind = 'POSITIVE'",
                                    office),
                            CommandLedger.StoredEvent::recordId, Map.of(office, rankingCount()), e -> office)));
        }

        /** ledger-query's own count of positive entries per cadre (its API). */
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

        /** ranking-projector's own count of the office's positive entries in 2023-09 (its API). */
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
        CommandLedger.Verdict verdict;
        long refused;
        long topicComplete;
        long readModelsExact;

        Figures.Row row(String fault, String recovery) {
            CommandLedger.Verdict v = verdict;
            return new Figures.Row(fault, v.acknowledged(), v.stored(), v.onTopic(), v.copies(),
                    v.readModel(QUERY_GROUP).applied(), v.readModel(RANKING_GROUP).applied(), v.appliedTwice(),
                    v.lost().size(), refused, v.storedTwice().size(), v.outOfOrder().size(), v.failures().size(),
                    recovery);
        }
    }

    /** Polls, bounded by {@link #CONVERGE}, for a positive signal; gives up quietly (the verdict then says why). */
    static void awaitQuietly(java.util.concurrent.Callable<Boolean> converged) {
        try {
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(converged);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("not converged within " + CONVERGE + ": judging what is there");
        }
    }

    /** The entries (sequence ≥ 1) of a run's cadre streams, each with its key (the correlation id it was stored with). */
    static List<CommandLedger.StoredEvent> storedEntries(String prefix) {
        List<CommandLedger.StoredEvent> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(FAULTS_DB,
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement("SELECT aggregate_identifier, sequence_number, event_identifier, "
                        + "convert_from(meta_data, 'UTF8'), convert_from(payload, 'UTF8') "
                        + "FROM ledger_command.domain_event_entry "
                        + "WHERE aggregate_identifier LIKE ? AND sequence_number > 0 ORDER BY global_index")) {
            s.setString(1, prefix + "c%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = JSON.readTree(rs.getString(4)).path("correlationId").asText();
                    String record = JSON.readTree(rs.getString(5)).path("entryId").asText();
                    events.add(new CommandLedger.StoredEvent(key, rs.getString(1), rs.getLong(2), rs.getString(3), record));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** One column of a read-only query on the shared database. */
    static Set<String> column(String sql, String parameter) {
        Set<String> values = new HashSet<>();
        try (Connection c = DriverManager.getConnection(FAULTS_DB,
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement(sql)) {
            c.setReadOnly(true);
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    /** How many of these keys ledger-query holds a record of (by the correlation id it keeps). */
    static long inLedgerQuery(Set<String> keys) {
        try (Connection c = DriverManager.getConnection(FAULTS_DB,
                TestInfrastructure.databaseUser(), TestInfrastructure.databasePassword());
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM ledger_query.ledger_record WHERE correlation_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the whole topic: the records of a run's cadre streams (sequence ≥ 1), in offset order per partition. */
    static List<CommandLedger.Published> topic(String prefix) {
        List<CommandLedger.Published> records = new ArrayList<>();
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
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null || !record.key().startsWith(prefix + "c")) {
                        continue;
                    }
                    LedgerEnvelope envelope = EventCodec.fromRecord(record);
                    if (envelope.sequence() > 0) {
                        records.add(new CommandLedger.Published(envelope.correlationId(), record.key(),
                                envelope.sequence(), envelope.eventId(), record.partition(), record.offset()));
                    }
                }
            }
        }
        return records;
    }

    /** The end offset of every partition of the topic now. */
    static Map<TopicPartition, Long> endOffsets() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get().get(Topics.LEDGER_EVENTS)
                    .partitions().forEach(p -> latest.put(new TopicPartition(Topics.LEDGER_EVENTS, p.partition()),
                            OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
            return end;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The offsets a consumer group has committed (a partition it never committed on: 0). */
    static Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((p, o) -> offsets.put(p, o == null ? 0 : o.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until both projectors' consumer groups have committed, on every partition, an offset at or
     * past {@code end}: every record published before was read and applied (the projectors commit after
     * applying a batch). Fails if they do not within {@link #CONVERGE}.
     */
    static void awaitConsumedPast(Map<TopicPartition, Long> end) {
        for (String group : List.of(QUERY_GROUP, RANKING_GROUP)) {
            await(group + " consumed past " + end).atMost(CONVERGE).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        Map<TopicPartition, Long> committed = committed(group);
                        return end.entrySet().stream()
                                .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
                    });
        }
    }

    /** The process is gone and nothing answers on its port. */
    static void assertDead(ServiceProcess service) {
        assertThat(service.isRunning()).as(service.name() + " is running").isFalse();
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", service.port()), 500);
            throw new AssertionError(service.name() + " still accepts connections on " + service.port());
        } catch (java.io.IOException refused) {
            // nothing listens: dead
        }
    }

    /** The copies a redelivery published, and the end offsets of the topic after the last of them. */
    record Republished(int records, Map<TopicPartition, Long> endOffsets) {}

    /** Publishes a second copy of every record of a run's streams, as a redelivery would. */
    static Republished republish(String prefix) {
        int copies = 0;
        Map<TopicPartition, Long> after;
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
            after = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
        return new Republished(copies, after);
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

    static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
