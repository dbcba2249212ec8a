package cn.ledger.bench;

import cn.ledger.contract.Topics;
import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.PostgresServer;
import cn.ledger.local.LedgerClient;
import cn.ledger.local.LocalLedger;
import cn.ledger.local.LocalSystem;
import cn.ledger.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The benchmark harness. Starts the three services (as their own processes, from their jars) against a
 * PostgreSQL server and a Kafka cluster it is given, or embedded ones; loads a district; measures
 * appends, end-to-end lag, queries, long streams and rebuilds; measures this machine's limits for the
 * same work in the same run; prints one table and writes it as JSON and Markdown.
 *
 * <p>Run with {@code ledger-bench/bench.sh [--option=value …]}; see {@link Options}.
 */
public final class Bench {

    /** What to run and how big. */
    public record Options(int units, int cadres, List<Integer> clients, Duration warmup, Duration step,
            Duration lagWindow, Duration queryWindow, double queryRate, double highQueryRate, int longStreamEvents,
            int longStreamSamples, long rebuildEvents, Path results, Path logs, long seedEvents, long seedReference,
            boolean standard) {

        public static Options defaults(Path home) {
            return new Options(100, 5000, List.of(1, 8, 32), Duration.ofSeconds(5), Duration.ofSeconds(20),
                    Duration.ofSeconds(30), Duration.ofSeconds(30), 200, 1000, 10_000, 300, 1_000_000,
                    home.resolve("ledger-bench/results"), home.resolve("ledger-bench/target/bench-logs"), 0, 100_000, true);
        }

        /** {@code --units=100 --cadres=5000 --clients=1,8,32 --warmup=5 --step=20 --lag=30 --query=30
         * --query-rate=200 --query-rate-high=1000 --long-stream=10000 --long-samples=300 --rebuild-events=1000000 --results=DIR
         * --seed-events=0 --seed-reference=100000 --standard=true}; {@code --seed-events=N} (N above 0) measures the big
         * log and, unless {@code --standard=true} follows it, nothing else. */
        public Options with(String[] args) {
            Options o = this;
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("options look like --name=value: " + arg);
                }
                String v = kv[1];
                o = switch (kv[0]) {
                    case "units" -> new Options(Integer.parseInt(v), o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "cadres" -> new Options(o.units, Integer.parseInt(v), o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "clients" -> new Options(o.units, o.cadres, Arrays.stream(v.split(",")).map(String::trim)
                            .map(Integer::parseInt).toList(), o.warmup, o.step, o.lagWindow, o.queryWindow, o.queryRate,
                            o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents, o.results, o.logs,
                            o.seedEvents, o.seedReference, o.standard);
                    case "warmup" -> new Options(o.units, o.cadres, o.clients, seconds(v), o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "step" -> new Options(o.units, o.cadres, o.clients, o.warmup, seconds(v), o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "lag" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, seconds(v),
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "query" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            seconds(v), o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "query-rate" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, Double.parseDouble(v), o.highQueryRate, o.longStreamEvents, o.longStreamSamples,
                            o.rebuildEvents, o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "query-rate-high" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, Double.parseDouble(v), o.longStreamEvents, o.longStreamSamples,
                            o.rebuildEvents, o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "long-stream" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, Integer.parseInt(v), o.longStreamSamples, o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "long-samples" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, Integer.parseInt(v), o.rebuildEvents,
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "rebuild-events" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, Long.parseLong(v),
                            o.results, o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "results" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples, o.rebuildEvents,
                            Path.of(v).toAbsolutePath(), o.logs, o.seedEvents, o.seedReference, o.standard);
                    case "seed-events" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples,
                            o.rebuildEvents, o.results, o.logs, Long.parseLong(v), o.seedReference, false);
                    case "seed-reference" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples,
                            o.rebuildEvents, o.results, o.logs, o.seedEvents, Long.parseLong(v), o.standard);
                    case "standard" -> new Options(o.units, o.cadres, o.clients, o.warmup, o.step, o.lagWindow,
                            o.queryWindow, o.queryRate, o.highQueryRate, o.longStreamEvents, o.longStreamSamples,
                            o.rebuildEvents, o.results, o.logs, o.seedEvents, o.seedReference, Boolean.parseBoolean(v));
                    default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
                };
            }
            return o;
        }

        private static Duration seconds(String v) {
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        }
    }

    private static final String PROBE_UNIT = "b-probe";
    private static final String PROBE_CADRE = "b-probe-c";
    private static final String PROBE_MONTH = "2023-02";
    private static final String LONG_CADRE = "b-long";
    /** The effective date of the load's entries: a month of its own, after the district's records. */
    private static final String LOAD_DATE = "2024-03-05";
    /** How often a probe's visibility is polled in ledger-query's and ranking-projector's APIs. */
    private static final long POLL_MILLIS = 5;

    private final Options options;
    private final Path home;
    private final Report report = new Report();
    private LocalSystem system;
    private LedgerClient client;
    private String token;
    private String command;
    private String query;
    private String ranking;
    private Limits limits;
    private String kafka;
    private District district;
    private Limits.StoredPayload entryPayload;
    private Peer peer;
    private Cpu cpu;
    /** The peer's cards, as many as the district's cadres. */
    private final List<String> cards = new ArrayList<>();
    /** CPU milliseconds per operation, by phase, then by process. */
    private final Map<String, Map<String, Double>> cpuPerOperation = new LinkedHashMap<>();

    private Bench(Options options, Path home) {
        this.options = options;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("ledger.home", ".")).toAbsolutePath().normalize();
        Options options = Options.defaults(home).with(args);
        String dbUrl = System.getenv("LEDGER_DB_URL");
        PostgresServer postgres = dbUrl == null || dbUrl.isBlank()
                ? PostgresServer.startEmbedded(LocalLedger.freePort(), null)
                : PostgresServer.external(dbUrl, envOr("LEDGER_DB_USER", "postgres"), envOr("LEDGER_DB_PASSWORD", ""));
        String bootstrap = System.getenv("LEDGER_KAFKA_BOOTSTRAP");
        KafkaServer broker = null;
        if (bootstrap == null || bootstrap.isBlank()) {
            broker = KafkaServer.start(0);
            bootstrap = broker.bootstrapServers();
        }
        try {
            Path md = run(options, home, postgres, bootstrap);
            System.out.println();
            System.out.println(Files.readString(md));
            System.out.println("[bench] written to " + md.getParent());
        } finally {
            if (broker != null) {
                broker.close();
            }
            postgres.close();
        }
        System.exit(0);
    }

    /**
     * Runs every measurement in a database of its own on {@code postgres} (dropped afterwards) and on the
     * Kafka cluster at {@code bootstrap}, which must not hold a {@code ledger.events} topic yet; answers
     * the Markdown file written.
     */
    public static Path run(Options options, Path home, PostgresServer postgres, String bootstrap) throws Exception {
        Bench bench = new Bench(options, home);
        String database = "ledger_bench_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                .format(java.time.Instant.now());
        String url = postgres.createDatabase(database);
        try {
            return bench.measure(url, postgres.user(), postgres.password(), bootstrap);
        } finally {
            if (bench.peer != null) {
                bench.peer.close();
            }
            if (bench.system != null) {
                bench.system.close();
            }
            postgres.dropDatabase(database);
        }
    }

    private Path measure(String url, String user, String password, String bootstrap) throws Exception {
        kafka = bootstrap;
        requireEmptyTopic();
        limits = new Limits(url, user, password);
        system = new LocalSystem(home, url, user, password, bootstrap,
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()), options.logs());
        say("starting the services (logs in " + options.logs() + ") …");
        system.start(Duration.ofMinutes(6));   // generous: the machine may be shared
        token = system.tokens().mint("bench", List.of(Role.RECORDER, Role.ASSESSOR,
                Role.DISCIPLINE_OFFICER, Role.REVIEWER, Role.AUDITOR, Role.ADMIN), List.of("*"), null);
        client = new LedgerClient(token);
        command = system.command().baseUrl() + "/api/v1";
        query = system.query().baseUrl() + "/api/v1";
        ranking = system.ranking().baseUrl() + "/api/v1";
        context(url);
        if (options.standard()) {
            say("starting the peer, a plain Axon application (log in " + options.logs() + ") …");
            peer = Peer.start(home, url, user, password, LocalLedger.freePort(), options.logs());
        }
        cpu = new Cpu(limits);
        cpu.process("ledger-command", () -> system.command().pid());
        cpu.process("ledger-query", () -> system.query().pid());
        cpu.process("ranking-projector", () -> system.ranking().pid());
        cpu.process("peer (plain Axon)", () -> peer == null ? java.util.OptionalLong.empty() : peer.pid());
        cpu.process("harness JVM (load; Kafka broker when embedded)",
                () -> java.util.OptionalLong.of(ProcessHandle.current().pid()));

        loadDistrict();
        if (options.standard()) {
            issueCards();
            entryPayload = limits.storedPayload("%PositiveEntryRecorded");
            append();
            importWorkbook();
            lag();
            queries();
            longStreams();
            rebuild();
        }
        if (options.seedEvents() > 0) {
            bigLog();
        }
        if (!cpuPerOperation.isEmpty()) {
            cpuTable();
        }
        return report.write(options.results());
    }

    // ---------------------------------------------------------------------------------------------------

    private void loadDistrict() {
        district = new District(client, system.command().baseUrl(), options.units(), options.cadres());
        say("loading a district of " + options.units() + " units and " + options.cadres() + " cadres …");
        long start = System.nanoTime();
        district.load(32);
        district.post("/units", "{\"unitId\":\"" + PROBE_UNIT + "\",\"name\":\"探针单位\",\"category\":\"DISTRICT_DEPARTMENT\","
                + "\"parentUnitId\":\"" + District.ROOT + "\",\"effectiveDate\":\"2023-01-01\"}");
        district.registerCadre(PROBE_CADRE, PROBE_UNIT, 0);
        district.registerCadre(LONG_CADRE, PROBE_UNIT, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitCaughtUp(Duration.ofMinutes(10));
        double all = (System.nanoTime() - start) / 1e9;
        say(String.format("district loaded: %d events in %.1f s through the API (%.0f/s), projected after %.1f s",
                district.commands(), seconds, district.commands() / seconds, all));
        report.context("data set", district.commands() + " events (" + options.units() + " units, "
                + options.cadres() + " cadres, every record kind)");
    }

    private void issueCards() {
        say("issuing " + options.cadres() + " cards on the peer …");
        for (int i = 0; i < options.cadres(); i++) {
            cards.add(String.format("card-%05d", i));
        }
        District.parallel(16, cards.size(), i -> peer.issue(cards.get(i)));
    }

    private String randomCard() {
        return cards.get(ThreadLocalRandom.current().nextInt(cards.size()));
    }

    /**
     * Runs {@code phase} and records the CPU each process used during it (until the projectors have caught
     * up, when {@code settle}), per operation the phase counts; answers what the phase answered.
     */
    private <T> T measuringCpu(String name, boolean settle, java.util.function.Supplier<T> phase,
            java.util.function.ToLongFunction<T> operations) {
        Cpu.Sample before = cpu.sample();
        T result = phase.get();
        if (settle) {
            awaitCaughtUp(Duration.ofMinutes(10));
        }
        Cpu.Sample after = cpu.sample();
        long count = Math.max(1, operations.applyAsLong(result));
        Map<String, Double> perOperation = new LinkedHashMap<>();
        cpu.millisBetween(before, after).forEach((process, millis) -> perOperation.put(process, millis / count));
        cpuPerOperation.put(name + " (" + count + ")", perOperation);
        return result;
    }

    /** The CPU table: one line per process, one column per phase, milliseconds per operation. */
    private void cpuTable() {
        List<String> processes = new ArrayList<>();
        cpuPerOperation.values().forEach(m -> m.keySet().stream().filter(p -> !processes.contains(p)).forEach(processes::add));
        List<List<String>> lines = new ArrayList<>();
        for (String process : processes) {
            List<String> line = new ArrayList<>();
            line.add(process);
            cpuPerOperation.values().forEach(m -> line.add(m.containsKey(process) ? Report.number(m.get(process)) : "—"));
            lines.add(line);
        }
        List<String> totals = new ArrayList<>();
        totals.add("all of them");
        cpuPerOperation.values().forEach(m -> totals.add(Report.number(m.values().stream().mapToDouble(d -> d).sum())));
        lines.add(totals);
        List<String> columns = new ArrayList<>();
        columns.add("process");
        columns.addAll(cpuPerOperation.keySet());
        report.table("CPU milliseconds per operation, by process (user + system time from /proc/<pid>/stat over the "
                + "phase, and until the projectors caught up for the ledger's appends; the number of operations "
                + "in parentheses, warm-up included; PostgreSQL backends grouped by the connection's application)",
                columns, lines);
    }

    private boolean entry(String cadre, String date) {
        return client.post(command + "/cadres/" + cadre + "/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\","
                + "\"points\":1,\"summary\":\"基准测试记录\",\"evidence\":[],\"effectiveDate\":\"" + date + "\"}")
                .status() == 201;
    }

    private String randomCadre() {
        List<String> cadres = district.cadres();
        return cadres.get(ThreadLocalRandom.current().nextInt(cadres.size()));
    }

    private final Map<Integer, Load.Result> appendResults = new LinkedHashMap<>();
    private final Map<Integer, Load.Result> insertResults = new LinkedHashMap<>();

    private void append() throws SQLException {
        for (int clients : options.clients()) {
            say("append: " + clients + " concurrent clients …");
            AtomicLong sent = new AtomicLong();
            Load.Result ours = measuringCpu("ledger append, " + clients + " cl.", true,
                    () -> Load.closedLoop(clients, options.warmup(), options.step(), c -> counted(sent,
                            entry(randomCadre(), LOAD_DATE))), r -> sent.get());
            say("the peer: " + clients + " concurrent clients …");
            AtomicLong redeemed = new AtomicLong();
            Load.Result axon = measuringCpu("peer append, " + clients + " cl.", false,
                    () -> Load.closedLoop(clients, options.warmup(), options.step(), c -> counted(redeemed,
                            peer.redeem(randomCard()))), r -> redeemed.get());
            say("raw INSERT commits: " + clients + " concurrent connections …");
            Load.Result raw = limits.rawInserts(clients, options.warmup(), options.step(), entryPayload);
            appendResults.put(clients, ours);
            insertResults.put(clients, raw);
            double ratio = ours.perSecond() / raw.perSecond();
            double ofPeer = ours.perSecond() / axon.perSecond();
            // the targets: at 32 clients 80 % of the peer (with group commit, past it) and 25 % of raw INSERT
            // commits; at one client 10 % of raw INSERT commits
            boolean many = clients >= 32;
            double peerTarget = groupCommit() ? 1.0 : 0.8;
            double rawTarget = clients == 1 ? 0.10 : 0.25;
            report.add(new Report.Row("Append vs the plain Axon peer, " + clients + " client" + (clients == 1 ? "" : "s"),
                    "commands/s", ours.perSecond(), axon.perSecond(), "plain Axon 4.13 application, same PostgreSQL",
                    many ? (groupCommit() ? "> 1.0 (group commit)" : "≥ 0.80") : null,
                    many ? (groupCommit() ? ofPeer > peerTarget : ofPeer >= peerTarget) : null, String.format(Locale.ROOT, "the ledger at %s %% of the peer and %s %% of raw INSERT "
                            + "commits; the peer at %s %% of raw INSERT commits, p50 %s ms / p99 %s ms; %d failed",
                            Report.number(100 * ours.perSecond() / axon.perSecond()), Report.number(100 * ratio),
                            Report.number(100 * axon.perSecond() / raw.perSecond()), Report.number(axon.p50Millis()),
                            Report.number(axon.p99Millis()), axon.failed())));
            report.add(new Report.Row("Append, " + clients + " client" + (clients == 1 ? "" : "s"), "commands/s",
                    ours.perSecond(), raw.perSecond(), "raw INSERT commits",
                    clients == 1 || many ? "≥ " + Report.number(rawTarget) : null,
                    clients == 1 || many ? ratio >= rawTarget : null,
                    String.format(Locale.ROOT, "p50 %s ms / p99 %s ms (raw INSERT p50 %s / p99 %s ms); %d failed",
                            Report.number(ours.p50Millis()), Report.number(ours.p99Millis()),
                            Report.number(raw.p50Millis()), Report.number(raw.p99Millis()), ours.failed())));
            report.add(new Report.Row("Append latency p99, " + clients + " client" + (clients == 1 ? "" : "s"), "ms",
                    ours.p99Millis(), raw.p99Millis(), "raw INSERT commit p99", null, null, null));
        }
    }

    /** Whether the services run with group commit (from the environment they inherit). */
    private static boolean groupCommit() {
        return "true".equalsIgnoreCase(System.getenv("LEDGER_GROUP_COMMIT_ENABLED"));
    }

    private static boolean counted(AtomicLong count, boolean ok) {
        if (ok) {
            count.incrementAndGet();
        }
        return ok;
    }

    /** Rows of the imported workbook ({@code -Dledger.bench.import-rows}, 0 to skip). */
    private static final int IMPORT_ROWS = Integer.getInteger("ledger.bench.import-rows", 10_000);

    /** A workbook of {@link #IMPORT_ROWS} entries imported, until its import job has finished and it is projected. */
    private void importWorkbook() throws Exception {
        if (IMPORT_ROWS <= 0) {
            return;
        }
        say("import: a workbook of " + IMPORT_ROWS + " rows …");
        String token = system.tokens().mint("bench-import", List.of(Role.RECORDER), List.of("*"), null);
        long start = System.nanoTime();
        ImportLoad.Result result = ImportLoad.run(command, token, district.cadres(), IMPORT_ROWS, LocalDate.parse(LOAD_DATE));
        awaitCaughtUp(Duration.ofMinutes(10));
        double projected = (System.nanoTime() - start) / 1e9;
        report.add(new Report.Row("Import of a " + IMPORT_ROWS + "-row workbook", "rows/s", result.rowsPerSecond(), null,
                null, null, null, String.format(Locale.ROOT, "%s: %d appended, %d problems, %.1f s to the job's end, "
                        + "%.1f s until projected", result.state(), result.appended(), result.problems(), result.seconds(),
                        projected)));
    }

    private void lag() throws Exception {
        double max = appendResults.values().stream().mapToDouble(Load.Result::perSecond).max().orElse(100);
        double rate = max / 2;
        say(String.format("end-to-end lag at %.0f commands/s (half of the best append rate) …", rate));
        Map<Long, Long> onTopic = new java.util.concurrent.ConcurrentHashMap<>();
        Map<Long, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean tailing = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<Void> tail = CompletableFuture.runAsync(() -> Limits.tail(kafka, Topics.LEDGER_EVENTS,
                PROBE_CADRE, tailing, (sequence, at) -> onTopic.putIfAbsent(sequence, at),
                (sequence, millis) -> sentAt.putIfAbsent(sequence, millis)));
        CompletableFuture<Load.Result> background = CompletableFuture.supplyAsync(() -> Load.openLoop(rate, 64,
                options.lagWindow(), c -> entry(randomCadre(), LOAD_DATE)));
        Histogram toTopic = Load.histogram();
        Histogram toSend = Load.histogram();
        Histogram toQuery = Load.histogram();
        Histogram toRanking = Load.histogram();
        long deadline = System.nanoTime() + options.lagWindow().toNanos() - TimeUnit.SECONDS.toNanos(1);
        long baseline = probeCount();
        int probes = 0;
        try {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            while (System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50 + ThreadLocalRandom.current().nextInt(100)));
                LedgerClient.Response r = client.post(command + "/cadres/" + PROBE_CADRE + "/entries",
                        "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"探针\","
                        + "\"evidence\":[],\"effectiveDate\":\"" + PROBE_MONTH + "-15\"}");
                long answered = System.nanoTime();
                long answeredMillis = System.currentTimeMillis();
                if (r.status() != 201) {
                    continue;
                }
                long sequence = r.json().get("sequenceNumber").asLong();
                probes++;
                long expected = baseline + probes;
                CompletableFuture<Long> t = CompletableFuture.supplyAsync(() -> until(answered, 1,
                        () -> onTopic.containsKey(sequence), () -> onTopic.get(sequence)));
                CompletableFuture<Long> q = CompletableFuture.supplyAsync(() -> until(answered, POLL_MILLIS,
                        () -> probeCount() >= expected, System::nanoTime));
                CompletableFuture<Long> g = CompletableFuture.supplyAsync(() -> until(answered, POLL_MILLIS,
                        () -> probeTally() >= expected, System::nanoTime));
                toTopic.recordValue(t.get(60, TimeUnit.SECONDS));
                toSend.recordValue(Math.max(1, (sentAt.get(sequence) - answeredMillis) * 1000));
                toQuery.recordValue(q.get(60, TimeUnit.SECONDS));
                toRanking.recordValue(g.get(60, TimeUnit.SECONDS));
            }
        } finally {
            tailing.set(false);
        }
        tail.get(30, TimeUnit.SECONDS);
        Load.Result load = background.get();
        awaitCaughtUp(Duration.ofMinutes(10));
        Load.Result raw = insertResults.getOrDefault(1, insertResults.values().iterator().next());
        report.add(new Report.Row("End-to-end lag p50 → sent by the publisher", "ms",
                toSend.getValueAtPercentile(50) / 1000.0, null, null, null, null,
                "from the 2xx to the record's create time (wall clocks of one machine, millisecond resolution)"));
        report.add(new Report.Row("End-to-end lag p50 → on the topic", "ms", toTopic.getValueAtPercentile(50) / 1000.0,
                null, null, null, null, null));
        report.add(new Report.Row("End-to-end lag p99 → on the topic", "ms", toTopic.getValueAtPercentile(99) / 1000.0,
                null, null, null, null, null));
        String note = String.format(Locale.ROOT, "%d probes; background load %.0f commands/s (p99 %s ms); each probe "
                + "polled every %d ms from its 2xx until visible in the service's API", probes, load.perSecond(),
                Report.number(load.p99Millis()), POLL_MILLIS);
        for (String[] target : new String[][] {{"ledger-query", "q"}, {"ranking-projector", "r"}}) {
            Histogram h = target[1].equals("q") ? toQuery : toRanking;
            double p50 = h.getValueAtPercentile(50) / 1000.0;
            report.add(new Report.Row("End-to-end lag p50 → " + target[0], "ms", p50, null, null, "≤ 50 ms", p50 <= 50,
                    null));
            double p99 = h.getValueAtPercentile(99) / 1000.0;
            report.add(new Report.Row("End-to-end lag p99 → " + target[0], "ms", p99, raw.p99Millis(),
                    "one raw INSERT commit p99", "≤ 250 ms", p99 <= 250, target[1].equals("q") ? note : null));
        }
    }

    private long probeCount() {
        LedgerClient.Response r = client.get(query + "/cadres/" + PROBE_CADRE + "/entries/totals");
        return r.status() == 200 ? r.json().at("/positive/count").asLong() : -1;
    }

    private long probeTally() {
        LedgerClient.Response r = client.get(ranking + "/tallies/monthly/" + PROBE_MONTH);
        if (r.status() != 200) {
            return -1;
        }
        for (JsonNode unit : r.json()) {
            if (unit.get("unitId").asText().equals(PROBE_UNIT)) {
                return unit.get("positiveEntries").asLong();
            }
        }
        return 0;
    }

    /**
     * Micros from {@code since} until {@code visible} holds, at the time {@code at} gives. Polled every
     * {@code everyMillis}: often enough for the resolution, seldom enough not to load the services (or the
     * two cores) with the polling itself.
     */
    private static long until(long since, long everyMillis, java.util.function.BooleanSupplier visible,
            java.util.function.LongSupplier at) {
        long deadline = since + TimeUnit.SECONDS.toNanos(60);
        while (!visible.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not visible within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(everyMillis));
        }
        return Math.max(1, (at.getAsLong() - since) / 1000);
    }

    private void queries() throws SQLException {
        queriesAt(options.queryRate(), 32, "≤ 20 ms");
        queriesAt(options.highQueryRate(), 64, null);
    }

    /** Eligibility and dossier at {@code rate} requests/s each, open loop, beside raw lookups at the same rate. */
    private void queriesAt(double rate, int workers, String target) throws SQLException {
        String[] purposes = {"purpose=LEADERSHIP_POST&target=%E5%8E%BF%E5%A4%84%E5%89%AF", "purpose=RANK_PROMOTION",
                "purpose=AWARD&from=2023-01-01&to=2023-12-31"};
        say("queries at " + Report.number(rate) + " requests/s …");
        Load.openLoop(rate, workers, options.warmup(), c -> client.get(query + "/cadres/" + randomCadre()
                + "/eligibility?" + purposes[ThreadLocalRandom.current().nextInt(3)]).status() == 200
                && client.get(query + "/cadres/" + randomCadre() + "/dossier").status() == 200);
        String at = Math.round(rate) + "/s";
        Load.Result eligibility = measuringCpu("eligibility at " + at, false, () -> Load.openLoop(rate, workers,
                options.queryWindow(), c -> client.get(query + "/cadres/" + randomCadre() + "/eligibility?"
                        + purposes[ThreadLocalRandom.current().nextInt(3)] + "&asOf=2024-06-30").status() == 200),
                Load.Result::ok);
        Load.Result dossier = measuringCpu("dossier at " + at, false, () -> Load.openLoop(rate, workers,
                options.queryWindow(), c -> client.get(query + "/cadres/" + randomCadre() + "/dossier?asOf=2024-06-30")
                        .status() == 200), Load.Result::ok);
        Load.Result raw = limits.rawLookup(rate, options.queryWindow(), district.cadres());
        for (Object[] q : new Object[][] {{"Eligibility", eligibility}, {"Dossier", dossier}}) {
            Load.Result r = (Load.Result) q[1];
            report.add(new Report.Row(q[0] + " p50 at " + at, "ms", r.p50Millis(),
                    raw.p50Millis(), "raw SQL lookup p50", null, null, null));
            report.add(new Report.Row(q[0] + " p99 at " + at, "ms", r.p99Millis(),
                    raw.p99Millis(), "raw SQL lookup p99", target, target == null ? null : r.p99Millis() <= 20,
                    String.format(Locale.ROOT, "%d answered of %d due, %d failed, max %s ms; raw lookups: %d answered, "
                                    + "max %s ms", r.ok(), Math.round(rate * options.queryWindow().toNanos() / 1e9),
                            r.failed(), Report.number(r.maxMillis()), raw.ok(), Report.number(raw.maxMillis()))));
        }
    }

    private void longStreams() {
        int events = options.longStreamEvents();
        say("long stream: " + events + " events on one cadre …");
        long have = 1;
        while (have < events) {
            if (!entry(LONG_CADRE, LOAD_DATE)) {
                throw new IllegalStateException("an entry on the long stream was refused");
            }
            have++;
        }
        int samples = options.longStreamSamples();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String id = String.format("b-fresh-%05d", i);
            district.registerCadre(id, PROBE_UNIT, i);
            fresh.add(id);
        }
        awaitCaughtUp(Duration.ofMinutes(10));
        Histogram onLong = Load.histogram();
        Histogram onFresh = Load.histogram();
        for (int i = 0; i < samples; i++) {
            onLong.recordValue(timed(LONG_CADRE));
            onFresh.recordValue(timed(fresh.get(i)));
        }
        for (int p : new int[] {50, 99}) {
            double ours = onLong.getValueAtPercentile(p) / 1000.0;
            double base = onFresh.getValueAtPercentile(p) / 1000.0;
            report.add(new Report.Row("Command latency p" + p + ", cadre with " + String.format("%,d", events)
                    + " events", "ms", ours, base, "a fresh cadre's p" + p, "≤ 1.5×", ours <= 1.5 * base,
                    p == 50 ? samples + " commands each, alternating, one client" : null));
        }
    }

    private long timed(String cadre) {
        long start = System.nanoTime();
        if (!entry(cadre, LOAD_DATE)) {
            throw new IllegalStateException("an entry on " + cadre + " was refused");
        }
        return Math.max(1, (System.nanoTime() - start) / 1000);
    }

    private void rebuild() throws Exception {
        long stored = storedEvents();
        long missing = options.rebuildEvents() - stored;
        if (missing > 0) {
            say(String.format("adding %,d events to reach %,d for the rebuild …", missing, options.rebuildEvents()));
            AtomicLong left = new AtomicLong(missing);
            long start = System.nanoTime();
            District.parallel(32, 32, i -> {
                while (left.getAndDecrement() > 0) {
                    entry(randomCadre(), LOAD_DATE);
                }
            });
            say(String.format("added in %.0f s", (System.nanoTime() - start) / 1e9));
        }
        awaitCaughtUp(Duration.ofMinutes(30));
        say("raw consumer over the whole topic …");
        Limits.Consumed raw = Limits.rawConsume(kafka, Topics.LEDGER_EVENTS);
        say(String.format("raw consumer: %,d records in %.1f s", raw.records(), raw.seconds()));
        for (var service : List.of(system.query(), system.ranking())) {
            JsonNode status = rebuilt(service, Duration.ofMinutes(30)).status();
            double rate = status.get("eventsPerSecond").asDouble();
            double ratio = rate / raw.perSecond();
            report.add(new Report.Row("Rebuild " + service.name(), "events/s", rate, raw.perSecond(),
                    "raw consumer, no processing", "≥ 0.30", ratio >= 0.3,
                    String.format(Locale.ROOT, "%,d events read from offset 0 (raw consumer: %,d records, %.0f MB/s)",
                            status.get("eventsRead").asLong(), raw.records(), raw.bytes() / raw.seconds() / 1e6)));
        }
    }


    // ---------------------------------------------------------------------------------------------------
    // The big log: events seeded straight into the event store, then processed as usual

    /**
     * Seeds {@code --seed-reference} events (the reference, 100,000 by default) and measures the big-log figures,
     * then seeds the rest up to {@code --seed-events} and measures them again, each beside the reference's.
     */
    private void bigLog() throws Exception {
        if (appendResults.isEmpty()) {
            int clients = options.clients().stream().mapToInt(Integer::intValue).max().orElse(32);
            say("append: " + clients + " concurrent clients, the rate the Merkle log must keep up with …");
            appendResults.put(clients, Load.closedLoop(clients, options.warmup(), options.step(),
                    c -> entry(randomCadre(), LOAD_DATE)));
        }
        Map.Entry<Integer, Load.Result> best = appendResults.entrySet().stream()
                .max(java.util.Comparator.comparingDouble(e -> e.getValue().perSecond())).orElseThrow();
        awaitCaughtUp(Duration.ofMinutes(10));
        SeededEvents seeds = new SeededEvents(limits, district.cadres());
        long reference = Math.min(options.seedReference(), options.seedEvents());
        Map<String, Double> small = bigLogAt(seeds, reference, null, best);
        if (options.seedEvents() > reference) {
            bigLogAt(seeds, options.seedEvents() - reference, small, best);
        }
    }

    /**
     * Seeds {@code count} more events and measures the big-log figures once everything has processed them;
     * answers the figures by name. With {@code reference} (the first, smaller log's figures) each figure is
     * written beside the same figure of the smaller log.
     */
    private Map<String, Double> bigLogAt(SeededEvents seeds, long count, Map<String, Double> reference,
            Map.Entry<Integer, Load.Result> bestAppend) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        long before = awaitLogged(storedEvents(), Duration.ofMinutes(10));
        say(String.format("seeding %,d events into the event store (COPY, %d templates) …", count, seeds.templates()));
        double seedSeconds = seeds.seed(count);
        long size = storedEvents();
        String at = String.format(Locale.ROOT, "%,d", seeds.seeded());
        String name = "Big log " + at + ": ";
        String referenceName = reference == null ? null
                : String.format(Locale.ROOT, "%,.0f", reference.get("seeded")) + " seeded";
        say(String.format("seeded in %.1f s (%,.0f events/s); the log has to reach %,d leaves", seedSeconds,
                count / seedSeconds, size));
        figures.put("seeded", (double) seeds.seeded());
        Duration processing = Duration.ofSeconds(Math.max(600, count / 500));

        // the Merkle log's catch-up: leaves appended from the seeding's commit until it holds every stored event
        long start = System.nanoTime();
        awaitLogged(size, processing);
        double catchUpSeconds = (System.nanoTime() - start) / 1e9;
        double leavesPerSecond = (size - before) / catchUpSeconds;
        Load.Result append = bestAppend.getValue();
        String catchUp = name + "Merkle log catch-up";
        report.add(new Report.Row(catchUp, "leaves/s", leavesPerSecond, append.perSecond(),
                "best append rate, " + bestAppend.getKey() + " clients", "≥ 1.0×", leavesPerSecond >= append.perSecond(),
                String.format(Locale.ROOT, "%,d leaves in %.1f s, from the seeding's commit (%,d events by COPY in "
                                + "%.1f s) to the tree size; the publisher and both projectors working on the same "
                                + "events meanwhile%s", size - before, catchUpSeconds, count, seedSeconds,
                        reference == null ? "" : "; with " + referenceName + ": "
                                + Report.number(reference.get("catch-up")) + " leaves/s")));
        figures.put("catch-up", leavesPerSecond);

        // a checkpoint at the new size: the first request after the log reached it issues and signs it
        long requested = System.currentTimeMillis();
        long t0 = System.nanoTime();
        LedgerClient.Response note = client.get(command + "/audit/log/checkpoint").expect(200);
        double checkpointMillis = (System.nanoTime() - t0) / 1e6;
        long noteSize = Long.parseLong(note.body().lines().skip(1).findFirst().orElse("0").trim());
        boolean issuedByRequest = issuedAt(noteSize) >= requested;
        Histogram served = Load.histogram();
        for (int i = 0; i < 20; i++) {
            long s = System.nanoTime();
            client.get(command + "/audit/log/checkpoint").expect(200);
            served.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
        }
        bigLogRow(figures, reference, name, "checkpoint", "ms", checkpointMillis, null, null,
                String.format(Locale.ROOT, "the first GET /audit/log/checkpoint after the log reached %,d leaves "
                                + "(checkpoint of %,d, %s); served again: p50 %s ms", size, noteSize,
                        issuedByRequest ? "issued and signed by that request" : "already issued by the schedule",
                        Report.number(served.getValueAtPercentile(50) / 1000.0)));

        // everything published and projected before anything else is measured: the figures that follow are the
        // log's and the queries' own, not the machine's while the projectors take the new events in
        long p0 = System.nanoTime();
        awaitCaughtUp(processing);
        say(String.format("published and projected %.1f s after the Merkle log had caught up", (System.nanoTime() - p0) / 1e9));

        // inclusion proofs of random leaves at the query rate, open loop
        List<String> leaves = randomLeaves(size, 2000);
        double rate = options.queryRate();
        String proofUrl = command + "/audit/proofs/inclusion?treeSize=" + size + "&eventId=";
        say("inclusion proofs at " + Report.number(rate) + " requests/s …");
        Load.openLoop(rate, 32, options.warmup(), c -> client.get(proofUrl + randomOf(leaves)).status() == 200);
        Load.Result proofs = Load.openLoop(rate, 32, options.queryWindow(),
                c -> client.get(proofUrl + randomOf(leaves)).status() == 200);
        bigLogRow(figures, reference, name, "inclusion proof p99 at " + Math.round(rate) + "/s", "ms",
                proofs.p99Millis(), "≤ 5 ms", proofs.p99Millis() <= 5, String.format(Locale.ROOT,
                        "random leaves of the tree of %,d; %d answered, %d failed, p50 %s ms, max %s ms", size,
                        proofs.ok(), proofs.failed(), Report.number(proofs.p50Millis()),
                        Report.number(proofs.maxMillis())));

        // offline verification: the export (written to a file first), then the tiles
        JsonNode kept = client.get(command + "/audit/checkpoint?treeSize=" + noteSize).expect(200).json();
        Path export = options.logs().resolve("export-" + seeds.seeded() + ".json");
        Files.createDirectories(options.logs());
        say("exporting the history of " + noteSize + " leaves …");
        long e0 = System.nanoTime();
        download(command + "/audit/export?treeSize=" + noteSize, export);
        double exportSeconds = (System.nanoTime() - e0) / 1e9;
        long exportBytes = Files.size(export);
        say("ledger-verify over the export …");
        long v0 = System.nanoTime();
        cn.ledger.verify.Verifier.Report verified;
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(export), 1 << 16)) {
            verified = cn.ledger.verify.Verifier.verify(in, kept, null, n -> {});
        }
        double verifySeconds = (System.nanoTime() - v0) / 1e9;
        Files.delete(export);
        if (!verified.ok()) {
            throw new IllegalStateException("the export did not verify: " + verified);
        }
        bigLogRow(figures, reference, name, "ledger-verify over the export", "events/s", noteSize / verifySeconds,
                "≥ 100,000 events/s", noteSize / verifySeconds >= 100_000, String.format(Locale.ROOT,
                        "%,d events (%,.0f MB) read from a file in %.1f s in the harness's JVM, every leaf recomputed, "
                                + "the root and the checkpoint's signature checked; the export itself took %.1f s",
                        noteSize, exportBytes / 1e6, verifySeconds, exportSeconds));
        String verifierKey = client.get(command + "/audit/log/verifier-key").expect(200).body().trim();
        String prefix = command + "/audit/log/";
        say("ledger-verify over the tiles …");
        long tiles0 = System.nanoTime();
        long[] entries = {0};
        cn.ledger.verify.Verifier.Report tiles = cn.ledger.verify.TileVerifier.verify(path -> bytes(prefix + path),
                verifierKey, null, n -> entries[0] = n);
        double tilesSeconds = (System.nanoTime() - tiles0) / 1e9;
        if (!tiles.ok()) {
            throw new IllegalStateException("the tiles did not verify: " + tiles);
        }
        long tileSize = Math.max(entries[0], noteSize);
        bigLogRow(figures, reference, name, "ledger-verify over the tiles", "events/s", tileSize / tilesSeconds,
                "≥ 100,000 events/s", tileSize / tilesSeconds >= 100_000, String.format(Locale.ROOT,
                        "the entry bundles and hash tiles read one at a time over HTTP from ledger-command (%.1f s), "
                                + "the tree rebuilt and compared tile by tile, the note's root and signature checked",
                        tilesSeconds));

        // then the heap, the queries and the rebuilds
        double heap = heapAfterGc(system.command());
        bigLogRow(figures, reference, name, "ledger-command heap after GC", "MB", heap, reference == null ? null
                : "≤ 1.10×", reference == null ? null : heap <= 1.10 * reference.get("ledger-command heap after GC"),
                "used heap after jcmd GC.run (jcmd GC.heap_info, SerialGC, -Xmx768m)");
        String[] purposes = {"purpose=LEADERSHIP_POST&target=%E5%8E%BF%E5%A4%84%E5%89%AF", "purpose=RANK_PROMOTION",
                "purpose=AWARD&from=2023-01-01&to=2023-12-31"};
        say("eligibility at " + Report.number(rate) + " requests/s …");
        Load.Operation eligibility = c -> client.get(query + "/cadres/" + randomCadre() + "/eligibility?"
                + purposes[ThreadLocalRandom.current().nextInt(3)] + "&asOf=2024-06-30").status() == 200;
        Load.openLoop(rate, 32, options.warmup(), eligibility);
        Load.Result answered = Load.openLoop(rate, 32, options.queryWindow(), eligibility);
        bigLogRow(figures, reference, name, "eligibility p99 at " + Math.round(rate) + "/s", "ms",
                answered.p99Millis(), "≤ 20 ms", answered.p99Millis() <= 20, String.format(Locale.ROOT,
                        "%d answered, %d failed, p50 %s ms, max %s ms; random cadres of the district, about %,.0f events each",
                        answered.ok(), answered.failed(), Report.number(answered.p50Millis()),
                        Report.number(answered.maxMillis()), (double) size / district.cadres().size()));
        for (var service : List.of(system.query(), system.ranking())) {
            Rebuilt rebuilt = rebuilt(service, processing.multipliedBy(2));
            bigLogRow(figures, reference, name, "rebuild " + service.name(), "s", rebuilt.seconds(), null, null,
                    String.format(Locale.ROOT, "%,d events read from offset 0, %,.0f events/s",
                            rebuilt.status().get("eventsRead").asLong(), rebuilt.status().get("eventsPerSecond").asDouble()));
        }
        return figures;
    }

    private void bigLogRow(Map<String, Double> figures, Map<String, Double> reference, String prefix, String figure,
            String unit, double value, String target, Boolean met, String note) {
        figures.put(figure, value);
        Double limit = reference == null ? null : reference.get(figure);
        String limitName = reference == null ? null
                : "the same at " + String.format(Locale.ROOT, "%,.0f", reference.get("seeded")) + " seeded";
        report.add(new Report.Row(prefix + figure, unit, value, limit, limitName, target, met, note));
    }

    /**
     * Waits until the Merkle log's tiles hold {@code size} leaves; answers the size they hold. Polls on one
     * connection, and opens another when it fails (a shared server can refuse connections for a while).
     */
    /** A service that has exited ends the run at once, naming it and its log, rather than a wait running out. */
    private void requireRunning() {
        for (cn.ledger.local.ServiceProcess service : List.of(system.command(), system.query(), system.ranking())) {
            if (!service.isRunning()) {
                throw new IllegalStateException(service.name() + " has exited: see " + service.log());
            }
        }
    }

    private long awaitLogged(long size, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long logged = -1;
        while (true) {
            try (Connection c = limits.connect(); Statement s = c.createStatement()) {
                while (true) {
                    try (ResultSet rs = s.executeQuery("SELECT tree_size FROM ledger_command.merkle_tile_size")) {
                        rs.next();
                        logged = rs.getLong(1);
                    }
                    if (logged >= size) {
                        return logged;
                    }
                    requireRunning();
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Merkle log holds " + logged + " of " + size
                                + " leaves after " + timeout);
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Merkle log's size could not be read", e);
                }
                say("reading the Merkle log's size: " + e.getMessage() + "; again in a second");
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /** When the checkpoint of this size was issued (epoch millis), or 0. */
    private long issuedAt(long treeSize) {
        try (Connection c = limits.connect(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT issued_at FROM ledger_command.merkle_checkpoint WHERE tree_size = ?")) {
            s.setLong(1, treeSize);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).getTime() : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event ids of {@code count} random leaves of the tree of {@code size}. */
    private List<String> randomLeaves(long size, int count) throws SQLException {
        Long[] indexes = new Long[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = ThreadLocalRandom.current().nextLong(size);
        }
        List<String> ids = new ArrayList<>();
        try (Connection c = limits.connect(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT event_identifier FROM ledger_command.merkle_leaf WHERE leaf_index = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", indexes));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static String randomOf(List<String> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    private void download(String url, Path file) throws IOException, InterruptedException {
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
    }

    private byte[] bytes(String url) throws IOException {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * The service's used heap, in MB, after a full collection: {@code jcmd <pid> GC.run}, then the {@code used}
     * of each generation in {@code jcmd <pid> GC.heap_info} (metaspace not counted).
     */
    private static double heapAfterGc(cn.ledger.local.ServiceProcess service) throws IOException, InterruptedException {
        long pid = service.pid().orElseThrow(() -> new IllegalStateException(service.name() + " is not running"));
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String tool = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
        jcmdOutput(tool, pid, "GC.run");
        String info = jcmdOutput(tool, pid, "GC.heap_info");
        long usedK = 0;
        int found = 0;
        for (String line : info.lines().toList()) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(line);
            if (used.find()) {
                usedK += Long.parseLong(used.group(1));
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException("no heap use in jcmd GC.heap_info: " + info);
        }
        return usedK / 1024.0;
    }

    private static String jcmdOutput(String tool, long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(tool, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }

    /** A finished rebuild: its last status and the seconds from its start until it had caught up. */
    private record Rebuilt(JsonNode status, double seconds) {}

    /** Rebuilds {@code service}'s projection from offset 0 until it has caught up, then cancels it (no switch). */
    private Rebuilt rebuilt(cn.ledger.local.ServiceProcess service, Duration timeout) {
        say("rebuilding " + service.name() + " …");
        long start = System.nanoTime();
        JsonNode started = client.post(service.baseUrl() + "/api/v1/admin/rebuilds?autoSwitch=false", "")
                .expect(202).json();
        String id = started.get("id").asText();
        JsonNode status;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            status = client.get(service.baseUrl() + "/api/v1/admin/rebuilds/" + id).expect(200).json();
            String state = status.get("state").asText();
            if (state.equals("CAUGHT_UP")) {
                break;
            }
            if (state.equals("FAILED") || System.nanoTime() > deadline) {
                throw new IllegalStateException("rebuild of " + service.name() + ": " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int cancelled = client.post(service.baseUrl() + "/api/v1/admin/rebuilds/" + id + "/cancel", "").status();
        if (cancelled / 100 != 2) {
            throw new IllegalStateException("cancelling rebuild " + id + " answered " + cancelled);
        }
        return new Rebuilt(status, seconds);
    }

    // ---------------------------------------------------------------------------------------------------

    private long storedEvents() {
        try (Connection c = limits.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger_command.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every stored event is on the topic and both projectors' consumer groups have read to its end. */
    private void awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            while (true) {
                long stored = storedEvents();
                var partitions = admin.describeTopics(List.of(Topics.LEDGER_EVENTS)).allTopicNames().get()
                        .get(Topics.LEDGER_EVENTS).partitions().stream()
                        .map(p -> new TopicPartition(Topics.LEDGER_EVENTS, p.partition())).toList();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                long onTopic = ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
                boolean caughtUp = onTopic >= stored;
                for (String group : List.of("ledger-query", "ranking-projector")) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    for (TopicPartition p : partitions) {
                        OffsetAndMetadata at = committed.get(p);
                        long end = ends.get(p).offset();
                        if (end > 0 && (at == null || at.offset() < end)) {
                            caughtUp = false;
                        }
                    }
                }
                if (caughtUp) {
                    return;
                }
                requireRunning();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the projectors did not catch up within " + timeout);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void requireEmptyTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            if (admin.listTopics().names().get().contains(Topics.LEDGER_EVENTS)) {
                throw new IllegalStateException("the Kafka cluster at " + kafka + " already has " + Topics.LEDGER_EVENTS
                        + ": the benchmark needs a cluster of its own");
            }
        }
    }

    private void context(String url) throws IOException, SQLException {
        report.context("cores", Runtime.getRuntime().availableProcessors());
        report.context("cpu", cpuModel());
        report.context("memory", Math.round(totalMemoryGiB()) + " GiB");
        report.context("java", System.getProperty("java.version"));
        try (Connection c = limits.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            report.context("PostgreSQL", rs.getString(1) + (url.contains("127.0.0.1") || url.contains("localhost")
                    ? " (same host)" : ""));
        }
        report.context("Kafka", AppInfoParser.getVersion());
        Path jar = home.resolve("ledger-command/target/ledger-command.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            Pattern lib = Pattern.compile("BOOT-INF/lib/(spring-boot|axon-messaging|kafka-clients)-(\\d[^/]*)\\.jar");
            j.stream().forEach(e -> {
                Matcher m = lib.matcher(e.getName());
                if (m.matches()) {
                    report.context(m.group(1), m.group(2));
                }
            });
        }
        report.context("group commit", groupCommit() ? "on (LEDGER_GROUP_COMMIT_ENABLED=true)" : "off");
        report.context("services", "3 JVMs and the peer's, -Xmx768m, SerialGC; load generator, Kafka broker and PostgreSQL on the same cores");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double totalMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0).findFirst().orElse(0.0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void say(String line) {
        System.out.println("[bench] " + line);
    }
}
