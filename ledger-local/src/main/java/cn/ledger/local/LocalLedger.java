package cn.ledger.local;

import cn.ledger.security.DemoUsers;

import cn.ledger.embedded.KafkaServer;
import cn.ledger.embedded.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole ledger on this machine: PostgreSQL (embedded binaries, or {@code LEDGER_DB_URL}),
 * Kafka (an in-process KRaft broker, or {@code LEDGER_KAFKA_BOOTSTRAP}), the three services as their
 * own processes, and a small demo data set. Ctrl-C stops everything it started.
 */
public final class LocalLedger {

    private LocalLedger() {}

    public static void main(String[] args) throws Exception {
        boolean demo = !Arrays.asList(args).contains("--no-demo");
        Path home = Path.of(System.getProperty("ledger.home", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(home.resolve(".ledger-local"));
        Path logs = Files.createDirectories(work.resolve("logs"));

        String dbUrl = System.getenv("LEDGER_DB_URL");
        PostgresServer postgres;
        String jdbcUrl;
        if (dbUrl != null && !dbUrl.isBlank()) {
            postgres = null;
            jdbcUrl = dbUrl;
            say("PostgreSQL: " + dbUrl + " (from LEDGER_DB_URL)");
        } else {
            say("Starting embedded PostgreSQL …");
            postgres = PostgresServer.startEmbedded(freePort(), null);
            jdbcUrl = postgres.createDatabase("ledger");
            say("PostgreSQL: " + jdbcUrl);
        }
        String kafkaBootstrap = System.getenv("LEDGER_KAFKA_BOOTSTRAP");
        KafkaServer kafka = null;
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            say("Starting embedded Kafka (KRaft) …");
            kafka = KafkaServer.start(portOr(9092));
            kafkaBootstrap = kafka.bootstrapServers();
        }
        say("Kafka: " + kafkaBootstrap);

        String user = postgres != null ? postgres.user() : envOr("LEDGER_DB_USER", "postgres");
        String password = postgres != null ? postgres.password() : envOr("LEDGER_DB_PASSWORD", "");
        LocalSystem system = new LocalSystem(home, jdbcUrl, user, password, kafkaBootstrap,
                new LocalSystem.Ports(8081, 8082, 8083), logs);

        CountDownLatch stopped = new CountDownLatch(1);
        KafkaServer kafkaToStop = kafka;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping …");
            system.close();
            if (kafkaToStop != null) {
                kafkaToStop.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            say("Stopped.");
            stopped.countDown();
        }, "ledger-local-stop"));

        say("Starting ledger-command, ledger-query and ranking-projector (logs in " + logs + ") …");
        system.start(Duration.ofMinutes(3));
        if (demo) {
            say("Loading demo data …");
            new DemoData(system.tokens()::forDemoUser, system.command().baseUrl()).load();
        }
        printWelcome(system);
        stopped.await();
    }

    private static void printWelcome(LocalSystem system) {
        String c = system.command().baseUrl();
        String q = system.query().baseUrl();
        String r = system.ranking().baseUrl();
        System.out.println("""

                The ledger is running. Ctrl-C stops everything.

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

    private static int portOr(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException e) {
            return freePort();
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void say(String line) {
        System.out.println("[ledger-local] " + line);
    }
}
