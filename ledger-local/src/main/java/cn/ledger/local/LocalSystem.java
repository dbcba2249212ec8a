package cn.ledger.local;

import cn.ledger.security.LocalKey;
import cn.ledger.security.LocalTokens;
import java.time.Clock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The three services as processes against one PostgreSQL database and one Kafka cluster: what the
 * local run starts and what the end-to-end tests drive.
 */
public final class LocalSystem implements AutoCloseable {

    public record Ports(int command, int query, int ranking) {}

    private final ServiceProcess command;
    private final ServiceProcess query;
    private final ServiceProcess ranking;
    private final Path keyFile;
    private final LocalTokens tokens;
    private volatile Consumer<ServiceProcess> onStarted = s -> {};

    public LocalSystem(Path projectHome, String jdbcUrl, String dbUser, String dbPassword, String kafkaBootstrap,
            Ports ports, Path logDirectory) {
        this(projectHome, jdbcUrl, dbUser, dbPassword, kafkaBootstrap, ports, logDirectory, Map.of(), Map.of());
    }

    /**
     * With {@code overrides} put into every service's environment last (e.g. {@code LEDGER_SECURITY_MODE=jwt}
     * and the identity provider), and {@code rankingOverrides} into ranking-projector's only (its client).
     */
    public LocalSystem(Path projectHome, String jdbcUrl, String dbUser, String dbPassword, String kafkaBootstrap,
            Ports ports, Path logDirectory, Map<String, String> overrides, Map<String, String> rankingOverrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LEDGER_DB_URL", jdbcUrl);
        env.put("LEDGER_DB_USER", dbUser);
        env.put("LEDGER_DB_PASSWORD", dbPassword == null ? "" : dbPassword);
        env.put("LEDGER_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("LEDGER_COMMAND_PORT", Integer.toString(ports.command()));
        env.put("LEDGER_QUERY_PORT", Integer.toString(ports.query()));
        env.put("LEDGER_RANKING_PORT", Integer.toString(ports.ranking()));
        // local security: every service signs and accepts tokens with one key, made here for this run
        this.keyFile = logDirectory.toAbsolutePath().resolveSibling("local-signing-key.json");
        this.tokens = new LocalTokens(LocalKey.load(keyFile), Duration.ofHours(8), Clock.systemUTC());
        env.put("LEDGER_SECURITY_MODE", "local");
        env.put("LEDGER_SECURITY_LOCAL_KEY_FILE", keyFile.toString());
        // ledger-command's checkpoint signing key, generated owner-only beside it on the first start
        env.put("LEDGER_AUDIT_GENERATED_KEY_FILE", keyFile.resolveSibling("audit-signing-key.pk8").toString());
        // the console, served by ledger-query, calls the other two services from the browser
        env.put("LEDGER_SECURITY_CORS_ALLOWED_ORIGINS",
                "http://127.0.0.1:" + ports.query() + ",http://localhost:" + ports.query());
        env.put("LEDGER_CONSOLE_COMMAND_URL", "http://127.0.0.1:" + ports.command());
        env.put("LEDGER_CONSOLE_RANKING_URL", "http://127.0.0.1:" + ports.ranking());
        env.putAll(overrides);
        this.command = new ServiceProcess("ledger-command", jar(projectHome, "ledger-command"), ports.command(), env,
                logDirectory);
        this.query = new ServiceProcess("ledger-query", jar(projectHome, "ledger-query"), ports.query(), env,
                logDirectory);
        // ranking-projector opens accountability procedures on this run's ledger-command
        Map<String, String> rankingEnv = new LinkedHashMap<>(env);
        rankingEnv.put("LEDGER_COMMAND_URL", "http://127.0.0.1:" + ports.command());
        rankingEnv.putAll(rankingOverrides);
        this.ranking = new ServiceProcess("ranking-projector", jar(projectHome, "ranking-projector"), ports.ranking(),
                rankingEnv, logDirectory);
    }

    private static Path jar(Path home, String module) {
        return home.resolve(module).resolve("target").resolve(module + ".jar").toAbsolutePath().normalize();
    }

    /** Mints tokens the services accept (same key). */
    public LocalTokens tokens() {
        return tokens;
    }

    public Path keyFile() {
        return keyFile;
    }

    public ServiceProcess command() {
        return command;
    }

    public ServiceProcess query() {
        return query;
    }

    public ServiceProcess ranking() {
        return ranking;
    }

    public List<ServiceProcess> services() {
        return List.of(command, query, ranking);
    }

    /** Called with each service just after its process started (the launcher notes their ids). */
    public void onProcessStarted(Consumer<ServiceProcess> listener) {
        this.onStarted = listener;
    }

    private void launch(ServiceProcess service) {
        service.start();
        onStarted.accept(service);
    }

    /**
     * Starts the command service first (it runs the event store's migrations and creates the topic),
     * then the two projectors together, and waits until all three are healthy.
     */
    public void start(Duration timeout) {
        launch(command);
        command.awaitHealthy(timeout);
        launch(query);
        launch(ranking);
        CompletableFuture<Void> q = CompletableFuture.runAsync(() -> query.awaitHealthy(timeout));
        CompletableFuture<Void> r = CompletableFuture.runAsync(() -> ranking.awaitHealthy(timeout));
        CompletableFuture.allOf(q, r).join();
    }

    @Override
    public void close() {
        CompletableFuture.allOf(services().stream()
                .map(s -> CompletableFuture.runAsync(s::stop))
                .toArray(CompletableFuture[]::new)).join();
    }
}
