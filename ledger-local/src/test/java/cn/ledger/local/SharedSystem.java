package cn.ledger.local;

import cn.ledger.embedded.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The three services with their default configuration on the test JVM's database and broker
 * ({@link TestInfrastructure}), started once by the first test class that asks for them
 * ({@code @ExtendWith(SharedSystem.class)}, then {@link #system()} in its {@code @BeforeAll}) and stopped when
 * the JVM's tests are done (JUnit's root store closes it). Logs in {@code ledger-local/target/shared-system-logs/}.
 *
 * <p>A class that uses it keeps to what it creates: units, cadres and months of its own, or the demo data set
 * ({@link #demoData()}, loaded once); it reads a counter as what its own requests added, and a service it kills
 * runs again before it ends ({@code EndToEndIT}). A class that needs the services configured otherwise starts a
 * {@link LocalSystem} of its own ({@code BrowseConsoleIT}: months that never close by themselves; {@code JwtModeIT}:
 * jwt mode).
 */
final class SharedSystem implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

    private static Running running;
    private static boolean demoData;

    /** The started system and what stops it. */
    private record Running(LocalSystem system) implements AutoCloseable {
        @Override
        public void close() {
            synchronized (SharedSystem.class) {
                running = null;
                demoData = false;
            }
            system.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static synchronized Running start() {
        Path home = Path.of(System.getProperty("ledger.home", "..")).toAbsolutePath().normalize();
        LocalSystem system = new LocalSystem(home, TestInfrastructure.databaseUrl(), TestInfrastructure.databaseUser(),
                TestInfrastructure.databasePassword(), TestInfrastructure.kafkaBootstrapServers(),
                new LocalSystem.Ports(LocalLedger.freePort(), LocalLedger.freePort(), LocalLedger.freePort()),
                home.resolve("ledger-local/target/shared-system-logs"),
                // it stays up while other classes start systems of their own on the same PostgreSQL server (100
                // connections by default): six connections per service instead of ten
                java.util.Map.of("LEDGER_DB_POOL_SIZE", "6"), java.util.Map.of());
        try {
            // started once for the JVM: room for a loaded machine, where three JVMs can take many minutes to start
            system.start(Duration.ofMinutes(15));
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
        running = new Running(system);
        return running;
    }

    /** The running system (the class is extended with {@code SharedSystem}). */
    static synchronized LocalSystem system() {
        if (running == null) {
            throw new IllegalStateException("not started: extend the test class with @ExtendWith(SharedSystem.class)");
        }
        return running.system();
    }

    /** The shared system, with the demo data set recorded in it (by the first class that asks). */
    static synchronized LocalSystem demoData() {
        LocalSystem system = system();
        if (!demoData) {
            new DemoData(system.tokens()::forDemoUser, system.command().baseUrl()).loadOnce();
            demoData = true;
        }
        return system;
    }
}
