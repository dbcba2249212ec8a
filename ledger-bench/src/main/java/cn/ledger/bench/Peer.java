package cn.ledger.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The peer ({@link cn.ledger.bench.peer.PeerApplication}) as a process of its own: the same JVM options
 * as the ledger's services, its own schema {@value #SCHEMA} in the benchmark's database, its connections
 * named {@value #APPLICATION_NAME} (so that their PostgreSQL backends can be told apart).
 */
final class Peer implements AutoCloseable {

    static final String SCHEMA = "peer";
    static final String APPLICATION_NAME = "ledger-bench-peer";
    /** The ledger's modules: not on the peer's classpath (one of them brings an auto-configuration of its own). */
    private static final Pattern LEDGER_MODULE = Pattern.compile(".*(/cn/ledger/|/ledger-[a-z-]+/target/).*");

    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private Peer(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts the peer against {@code url} and waits until it answers. */
    static Peer start(Path home, String url, String user, String password, int port, Path logs) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
        Peer peer = new Peer(port, logs.resolve("peer.log"));
        String jdbc = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA + "&ApplicationName="
                + APPLICATION_NAME;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Daxoniq.update-checker.disabled=true",
                "-Dorg.springframework.boot.logging.LoggingSystem=none",
                "-cp", classpath(home), "cn.ledger.bench.peer.PeerApplication",
                "--server.port=" + port, "--spring.datasource.url=" + jdbc, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + (password == null ? "" : password),
                "--spring.threads.virtual.enabled=false", "--axon.axonserver.enabled=false"));
        Files.createDirectories(logs);
        peer.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(peer.log.toFile())).start();
        peer.awaitReady(Duration.ofMinutes(2));
        return peer;
    }

    private static String classpath(Path home) throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(home.resolve("ledger-bench/target/classes").toString());
        Arrays.stream(Files.readString(home.resolve("ledger-bench/target/classpath.txt")).trim()
                .split(java.io.File.pathSeparator)).filter(e -> !LEDGER_MODULE.matcher(e).matches()).forEach(entries::add);
        return String.join(java.io.File.pathSeparator, entries);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** Issues a card with a balance no benchmark exhausts. */
    void issue(String cardId) {
        int status = post("/cards", "{\"cardId\":\"" + cardId + "\",\"amount\":1000000000000}");
        if (status != 201) {
            throw new IllegalStateException("the peer answered " + status + " to issuing " + cardId + "; see " + log);
        }
    }

    /** One command, one event: a redemption of 1 with a note about as long as the ledger's entry summary. */
    boolean redeem(String cardId) {
        return post("/cards/" + cardId + "/redemptions", "{\"amount\":1,\"note\":\"基准测试记录 经济运行\"}") == 201;
    }

    private int post(String path, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the peer exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ready")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the peer did not answer within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
