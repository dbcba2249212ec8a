package cn.ledger.embedded;

import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL and Kafka for tests, one of each per test JVM, shared by every test in it.
 *
 * <p>PostgreSQL: the server named by {@code LEDGER_TEST_DB_URL} (with {@code LEDGER_TEST_DB_USER} and
 * {@code LEDGER_TEST_DB_PASSWORD}) if set, else a Testcontainers container when a Docker engine
 * answers, else embedded binaries. Each JVM gets a database of its own on it, dropped at exit.
 * Kafka: a Testcontainers broker when Docker answers, else a KRaft broker inside this JVM.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static PostgresServer postgres;
    private static String database;
    private static String databaseUrl;
    private static String kafka;

    private TestInfrastructure() {}

    /** A JDBC URL to a database of this JVM's own. */
    public static synchronized String databaseUrl() {
        if (databaseUrl == null) {
            postgres = startPostgres();
            database = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                    .toLowerCase(Locale.ROOT);
            databaseUrl = postgres.createDatabase(database);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (postgres.isEmbedded()) {
                    postgres.close();
                    return;
                }
                try {
                    postgres.dropDatabase(database);
                } catch (RuntimeException e) {
                    log.warn("could not drop test database {}: {}", database, e.getMessage());
                }
            }, "drop-test-database"));
        }
        return databaseUrl;
    }

    /**
     * A further database of this JVM's own on the same server, dropped at exit: for a test that runs a
     * service against a broker of its own, whose publisher must not carry this JVM's events there.
     */
    public static synchronized String anotherDatabaseUrl() {
        databaseUrl();
        String name = "ledger_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String url = postgres.createDatabase(name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!postgres.isEmbedded()) {
                try {
                    postgres.dropDatabase(name);
                } catch (RuntimeException e) {
                    log.warn("could not drop test database {}: {}", name, e.getMessage());
                }
            }
        }, "drop-test-database-" + name));
        return url;
    }

    /**
     * A further database of this JVM's own on the same server (for a test that runs a second, separate
     * ledger), dropped at exit; {@code purpose} becomes part of its name.
     */
    public static synchronized String anotherDatabase(String purpose) {
        databaseUrl();
        String name = database + "_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String url = postgres.createDatabase(name);
        if (!postgres.isEmbedded()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.dropDatabase(name);
                } catch (RuntimeException e) {
                    log.warn("could not drop test database {}: {}", name, e.getMessage());
                }
            }, "drop-test-database-" + name));
        }
        return url;
    }

    public static synchronized String databaseUser() {
        databaseUrl();
        return postgres.user();
    }

    public static synchronized String databasePassword() {
        databaseUrl();
        return postgres.password();
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = startKafka();
        }
        return kafka;
    }

    /**
     * The test broker with {@code ledger.events} as ledger-command creates it (8 partitions), for tests
     * of the consumers, which never declare the topic themselves.
     */
    public static synchronized String kafkaWithLedgerEvents() {
        String bootstrap = kafkaBootstrapServers();
        if (!ledgerEventsDeclared) {
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    java.util.Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                cn.ledger.contract.TopicDeclaration.declare(admin,
                        new org.apache.kafka.clients.admin.NewTopic(cn.ledger.contract.Topics.LEDGER_EVENTS,
                                LEDGER_EVENTS_PARTITIONS, (short) 1).configs(cn.ledger.contract.Topics.ledgerEventsConfig(1)),
                        "the tests' partition count", 60_000);
            }
            ledgerEventsDeclared = true;
        }
        return bootstrap;
    }

    /** ledger-command's default {@code ledger.kafka.partitions}. */
    public static final int LEDGER_EVENTS_PARTITIONS = 8;

    private static boolean ledgerEventsDeclared;

    private static PostgresServer startPostgres() {
        String url = System.getenv("LEDGER_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            String user = envOr("LEDGER_TEST_DB_USER", "postgres");
            log.info("tests use the PostgreSQL server at {}", url);
            return PostgresServer.external(url, user, envOr("LEDGER_TEST_DB_PASSWORD", ""));
        }
        if (dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            log.info("tests use a PostgreSQL container");
            return PostgresServer.external(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        log.info("tests use embedded PostgreSQL binaries");
        return PostgresServer.startEmbedded(0, null);
    }

    private static String startKafka() {
        if (dockerAnswers()) {
            KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
            container.start();
            log.info("tests use a Kafka container");
            return container.getBootstrapServers();
        }
        KafkaServer server = KafkaServer.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-kafka"));
        log.info("tests use an in-process KRaft broker at {}", server.bootstrapServers());
        return server.bootstrapServers();
    }

    private static boolean dockerAnswers() {
        if ("false".equalsIgnoreCase(System.getenv("LEDGER_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
