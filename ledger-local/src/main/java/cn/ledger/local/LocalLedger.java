package cn.ledger.local;

import cn.ledger.security.DemoUsers;

import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the whole ledger on this machine: PostgreSQL (embedded binaries, or {@code LEDGER_DB_URL}),
 * Kafka (an in-process KRaft broker, or {@code LEDGER_KAFKA_BOOTSTRAP}), the three services as their
 * own processes, and a small demo data set. Ctrl-C (or SIGTERM) stops everything it started.
 *
 * <p>What it keeps lives in {@code .ledger-local/} and is there again on the next run: the embedded
 * PostgreSQL's data directory ({@code postgres/}), the embedded broker's log directory with its KRaft
 * metadata and cluster id ({@code kafka/}), the signing keys and the services' logs. The demo data is
 * loaded once: a run that finds it in the ledger leaves it as it is. {@code --fresh} deletes the kept
 * data first.
 */
public final class LocalLedger {

    /** A port the launcher needs, the variable that sets it, and its default. */
    record PortSetting(String what, String variable, int defaultPort) {}

    static final PortSetting COMMAND = new PortSetting("ledger-command", "LEDGER_COMMAND_PORT", 8081);
    static final PortSetting QUERY = new PortSetting("ledger-query", "LEDGER_QUERY_PORT", 8082);
    static final PortSetting RANKING = new PortSetting("ranking-projector", "LEDGER_RANKING_PORT", 8083);
    static final PortSetting POSTGRES = new PortSetting("embedded PostgreSQL", "LEDGER_LOCAL_DB_PORT", 15432);
    static final PortSetting KAFKA = new PortSetting("embedded Kafka", "LEDGER_LOCAL_KAFKA_PORT", 9092);

    /** What the launcher was told, wrong in a way the user can fix: said in one line, exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private LocalLedger() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args, System.getenv());
        } catch (UsageError e) {
            System.err.println("[ledger-local] " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("[ledger-local] could not start: " + e.getMessage());
            // the shutdown hook stops whatever had started; the in-process broker would keep the JVM alive
            System.exit(1);
        }
    }

    private static void run(String[] args, Map<String, String> env) throws Exception {
        List<String> arguments = Arrays.asList(args);
        for (String a : arguments) {
            if (!List.of("--no-demo", "--fresh").contains(a)) {
                throw new UsageError("unknown argument " + a + "; run-local.sh knows --fresh (delete the kept data and"
                        + " start over) and --no-demo (no demo data)");
            }
        }
        boolean demo = !arguments.contains("--no-demo");
        Path home = Path.of(System.getProperty("ledger.home", ".")).toAbsolutePath().normalize();
        LocalData data = LocalData.open(home.resolve(".ledger-local"));
        data.stopLeftovers(LocalLedger::say);

        String dbUrl = env.get("LEDGER_DB_URL");
        boolean embeddedDb = dbUrl == null || dbUrl.isBlank();
        String kafkaBootstrap = env.get("LEDGER_KAFKA_BOOTSTRAP");
        boolean embeddedKafka = kafkaBootstrap == null || kafkaBootstrap.isBlank();

        // every port is checked before anything starts: a clash stops the run with nothing half-started
        List<PortSetting> needed = new ArrayList<>(List.of(COMMAND, QUERY, RANKING));
        if (embeddedDb) {
            needed.add(POSTGRES);
        }
        if (embeddedKafka) {
            needed.add(KAFKA);
        }
        Map<PortSetting, Integer> ports = Ports.resolve(needed, env);

        if (arguments.contains("--fresh")) {
            if (data.fresh(LocalLedger::say).isEmpty()) {
                say("--fresh: nothing kept yet in " + data.directory());
            } else {
                say("--fresh: kept the signing keys in " + data.directory() + "; starting over");
            }
            if (!embeddedDb || !embeddedKafka) {
                say("--fresh does not touch " + (embeddedDb ? "" : "the database at LEDGER_DB_URL ")
                        + (embeddedDb || embeddedKafka ? "" : "or ") + (embeddedKafka ? "" : "the Kafka at LEDGER_KAFKA_BOOTSTRAP")
                        + ": reset those yourself");
            }
        }
        Path logs = Files.createDirectories(data.directory().resolve("logs"));

        AtomicReference<PostgresServer> postgres = new AtomicReference<>();
        AtomicReference<KafkaServer> kafka = new AtomicReference<>();
        AtomicReference<LocalSystem> system = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping …");
            if (system.get() != null) {
                system.get().close();
            }
            if (kafka.get() != null) {
                kafka.get().close();
            }
            if (postgres.get() != null) {
                postgres.get().close();
            }
            data.forgetProcesses();
            data.release();
            say("Stopped. Your data stays in " + data.directory() + " (./run-local.sh --fresh deletes it).");
            stopped.countDown();
        }, "ledger-local-stop"));

        String jdbcUrl;
        if (embeddedDb) {
            boolean kept = Files.isRegularFile(data.postgres().resolve("PG_VERSION"));
            say((kept ? "Starting embedded PostgreSQL on its kept data in " : "Starting embedded PostgreSQL (new data in ")
                    + data.postgres() + (kept ? " …" : ") …"));
            postgres.set(PostgresServer.startEmbedded(ports.get(POSTGRES), data.postgres()));
            jdbcUrl = postgres.get().createDatabase("ledger");
            say("PostgreSQL: " + jdbcUrl);
        } else {
            jdbcUrl = dbUrl;
            say("PostgreSQL: " + dbUrl + " (from LEDGER_DB_URL)");
        }
        if (embeddedKafka) {
            boolean kept = Files.isRegularFile(data.kafka().resolve("data").resolve("meta.properties"));
            say((kept ? "Starting embedded Kafka (KRaft) on its kept log in " : "Starting embedded Kafka (KRaft, new log in ")
                    + data.kafka() + (kept ? " …" : ") …"));
            kafka.set(KafkaServer.start(ports.get(KAFKA), data.kafka()));
            kafkaBootstrap = kafka.get().bootstrapServers();
        }
        say("Kafka: " + kafkaBootstrap + (embeddedKafka ? "" : " (from LEDGER_KAFKA_BOOTSTRAP)"));

        String user = embeddedDb ? postgres.get().user() : env.getOrDefault("LEDGER_DB_USER", "postgres");
        String password = embeddedDb ? postgres.get().password() : env.getOrDefault("LEDGER_DB_PASSWORD", "");
        system.set(new LocalSystem(home, jdbcUrl, user, password, kafkaBootstrap,
                new LocalSystem.Ports(ports.get(COMMAND), ports.get(QUERY), ports.get(RANKING)), logs));
        system.get().onProcessStarted(data::rememberProcess);

        say("Starting ledger-command, ledger-query and ranking-projector (logs in " + logs + ") …");
        system.get().start(Duration.ofMinutes(10)); // a busy machine takes long; a failing service says so at once
        if (demo) {
            DemoData demoData = new DemoData(system.get().tokens()::forDemoUser, system.get().command().baseUrl());
            switch (demoData.presence()) {
                case ABSENT -> {
                    say("Loading demo data …");
                    demoData.load();
                }
                case COMPLETE -> say("Demo data: already in the ledger, not loaded again.");
                case PARTIAL -> say("Demo data: only part of it is in the ledger (a load was interrupted); not loaded"
                        + " again. ./run-local.sh --fresh starts over with all of it.");
            }
        }
        printWelcome(system.get());
        stopped.await();
    }

    private static void printWelcome(LocalSystem system) {
        String c = system.command().baseUrl();
        String q = system.query().baseUrl();
        String r = system.ranking().baseUrl();
        System.out.println("""

                The ledger is running. Ctrl-C (or kill <pid>: SIGTERM) stops everything; your data stays in .ledger-local/.

                  ledger-command     %1$s   (OpenAPI %1$s/v3/api-docs)
                  ledger-query       %2$s   (OpenAPI %2$s/v3/api-docs)
                  ranking-projector  %3$s   (OpenAPI %3$s/v3/api-docs)
                  web console        %2$s/console/   (reviewers and auditors; sign in as a demo user)
                  health / metrics   /actuator/health (open), /actuator/prometheus (admin-1) on each
                  event contract     %1$s/api/v1/contract/asyncapi.yaml, %1$s/api/v1/contract/schemas (open)

                Every request needs a bearer token (local mode: signed with %4$s).
                Demo users, one per role: %5$s
                Get a token (from any of the three services; valid on all of them for 8 hours):
                  R=$(curl -s -X POST '%1$s/api/v1/auth/demo-token?user=reviewer-1' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                  W=$(curl -s -X POST '%1$s/api/v1/auth/demo-token?user=recorder-anning' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                  A=$(curl -s -X POST '%1$s/api/v1/auth/demo-token?user=auditor-1' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')

                Try:
                  curl -s -H "Authorization: Bearer $R" '%2$s/api/v1/cards/totals?quarter=2023-Q3&unitId=anning'
                  curl -s -H "Authorization: Bearer $R" %2$s/api/v1/interviews/counts?unitId=anning
                  curl -s -H "Authorization: Bearer $R" %2$s/api/v1/cadres/c-wang/entries/totals
                  curl -s -H "Authorization: Bearer $R" %2$s/api/v1/cadres/c-wang/dossier
                  curl -s -H "Authorization: Bearer $R" '%2$s/api/v1/cadres/c-wang/eligibility?purpose=LEADERSHIP_POST&target=%%E5%%8E%%BF%%E5%%A4%%84%%E5%%89%%AF'
                  curl -s -H "Authorization: Bearer $R" '%2$s/api/v1/cadres/c-zhang/eligibility?purpose=RANK_PROMOTION&asOf=2024-06-30'
                  curl -s -H "Authorization: Bearer $R" '%2$s/api/v1/units/anning-fagai/eligibility-roster?purpose=AWARD&asOf=2023-12-31'
                  curl -s -H "Authorization: Bearer $R" %3$s/api/v1/tallies/monthly/2023-09
                  curl -s -H "Authorization: Bearer $R" %3$s/api/v1/rankings/monthly/2023-09?parentUnitId=anning
                  curl -s -H "Authorization: Bearer $R" %3$s/api/v1/rankings/monthly/2023-09.csv
                  curl -s -H "Authorization: Bearer $R" '%3$s/api/v1/accountability?from=2023-01&to=2023-12'
                  curl -s -H "Authorization: Bearer $R" %3$s/api/v1/cards/board?quarter=2023-Q3
                  curl -s -H "Authorization: Bearer $R" '%3$s/api/v1/assignments/completion?from=2023-09-01&to=2023-09-30'
                  curl -s -H "Authorization: Bearer $A" %1$s/api/v1/audit/checkpoint
                  curl -s -X POST %1$s/api/v1/cadres/c-wang/entries -H "Authorization: Bearer $W" \\
                       -H 'Content-Type: application/json' \\
                       -d '{"polarity":"POSITIVE","aspect":"项目双进","points":2,"summary":"完成任务","effectiveDate":"2023-09-30"}'
                """.formatted(c, q, r, system.keyFile(), String.join(", ", DemoUsers.names())));
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void say(String line) {
        System.out.println("[ledger-local] " + line);
    }
}
