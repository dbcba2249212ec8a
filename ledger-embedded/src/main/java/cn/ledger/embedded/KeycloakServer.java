package cn.ledger.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak — its own distribution ({@code org.keycloak:keycloak-quarkus-dist}, the zip from Maven
 * Central) run as a process in development mode: an H2 database in a temporary directory, a realm file
 * imported at start ({@code --import-realm}), HTTP on a free port of 127.0.0.1, and a temporary
 * administrator for the admin REST API. Keycloak needs Java 21 or later; the JDK is found at run time
 * ({@link #findJava()}).
 *
 * <p>The zip is unpacked once into {@code installDirectory} and kept there: Keycloak prepares
 * itself for its configuration on the first start (about 20 s), and later starts reuse that.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakServer.class);

    /** The temporary administrator of the master realm (development mode only). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path dataDirectory;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Duration startTime = Duration.ZERO;

    private KeycloakServer(Process process, int port, int managementPort, Path dataDirectory, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.dataDirectory = dataDirectory;
        this.log = log;
    }

    /**
     * Unpacks {@code distribution} (once) into {@code installDirectory}, starts Keycloak importing
     * {@code realmFile} with {@code environment} (e.g. the secrets its placeholders name), and waits
     * until it is ready (its {@code /health/ready}).
     */
    public static KeycloakServer start(Path distribution, Path installDirectory, Path realmFile,
            Map<String, String> environment, Duration timeout) {
        long started = System.nanoTime();
        Path java = findJava();
        Path home = unpack(distribution, installDirectory);
        try {
            Path importDirectory = home.resolve("data/import");
            Files.createDirectories(importDirectory);
            try (Stream<Path> old = Files.list(importDirectory)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Files.copy(realmFile, importDirectory.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Path data = Files.createTempDirectory("keycloak-data");
            Path logFile = installDirectory.resolve("keycloak-" + ProcessHandle.current().pid() + ".log");
            int port = freePort();
            int managementPort = freePort();
            List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                    "--hostname=http://127.0.0.1:" + port, "--health-enabled=true", "--import-realm",
                    "--db=dev-file", "--db-url=jdbc:h2:file:" + data.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE",
                    "--log-level=warn,org.keycloak.services:info,org.keycloak.exportimport:info,io.quarkus:info");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", java.getParent().getParent().toString());
            env.put("JAVA", java.toString());
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.putAll(environment);
            Process process = builder.start();
            KeycloakServer server = new KeycloakServer(process, port, managementPort, data, logFile);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcess, "stop-keycloak"));
            server.awaitReady(timeout);
            server.startTime = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("Keycloak ready at {} in {} s (log {})", server.baseUrl(), server.startTime.toSeconds(), logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak", e);
        }
    }

    /**
     * A JDK that runs Keycloak (Java 21 or later): {@code KEYCLOAK_JAVA_HOME}, the JDK running this JVM,
     * {@code JAVA_HOME}, or the newest under {@code /usr/lib/jvm} or {@code /opt/java}.
     */
    public static Path findJava() {
        List<Path> candidates = new ArrayList<>();
        Stream.of(System.getenv("KEYCLOAK_JAVA_HOME"), System.getProperty("java.home"), System.getenv("JAVA_HOME"))
                .filter(h -> h != null && !h.isBlank()).map(Path::of).forEach(candidates::add);
        for (String root : List.of("/usr/lib/jvm", "/opt/java", "/usr/java")) {
            Path dir = Path.of(root);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> homes = Files.list(dir)) {
                    homes.sorted(Comparator.comparing((Path h) -> javaVersion(h).orElse(0)).reversed())
                            .forEach(candidates::add);
                } catch (IOException e) {
                    // not readable: look elsewhere
                }
            }
        }
        for (Path home : candidates) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java) && javaVersion(home).orElse(0) >= 21) {
                return java;
            }
        }
        throw new IllegalStateException("Keycloak needs Java 21 or later, and none was found (looked at "
                + "KEYCLOAK_JAVA_HOME, this JVM, JAVA_HOME, /usr/lib/jvm, /opt/java, /usr/java): install one "
                + "(e.g. Temurin 21 or 25) or set KEYCLOAK_JAVA_HOME to it");
    }

    /** The feature version of the JDK at {@code home}, from its {@code release} file. */
    static Optional<Integer> javaVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(release)) {
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            Matcher m = Pattern.compile("^(1\\.)?(\\d+)").matcher(version);
            return m.find() ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path unpack(Path distribution, Path installDirectory) {
        if (!Files.isRegularFile(distribution)) {
            throw new IllegalStateException("the Keycloak distribution " + distribution + " is missing: it comes "
                    + "from Maven Central as org.keycloak:keycloak-quarkus-dist (zip) through the build");
        }
        String name = distribution.getFileName().toString().replaceFirst("\\.zip$", "");
        Path marker = installDirectory.resolve(name + ".unpacked");
        try {
            Files.createDirectories(installDirectory);
            if (Files.isRegularFile(marker)) {
                return installDirectory.resolve(Files.readString(marker).strip());
            }
            String top = null;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distribution))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path target = installDirectory.resolve(entry.getName()).normalize();
                    if (!target.startsWith(installDirectory)) {
                        throw new IOException("entry outside the directory: " + entry.getName());
                    }
                    if (top == null) {
                        top = entry.getName().split("/")[0];
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                        if (entry.getName().endsWith(".sh")) {
                            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                        }
                    }
                }
            }
            Files.writeString(marker, top);
            return installDirectory.resolve(top);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + distribution, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200 && ready.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        stopProcess();
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of a realm's tokens, e.g. {@code http://127.0.0.1:PORT/realms/ledger}. */
    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /** How long the start took, from unpacking to ready. */
    public Duration startTime() {
        return startTime;
    }

    public Path log() {
        return log;
    }

    /**
     * Posts a form to a realm's token endpoint; answers the status and body (the token response or
     * the error).
     */
    public Answer token(String realm, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** An access token of the temporary administrator (master realm, {@code admin-cli}). */
    public String adminToken() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "admin-cli");
        form.put("username", ADMIN);
        form.put("password", ADMIN_PASSWORD);
        Answer answer = token("master", form);
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        if (answer.status() != 200 || !m.find()) {
            throw new IllegalStateException("no admin token: " + answer);
        }
        return m.group(1);
    }

    /**
     * A call to the admin REST API ({@code /admin/realms/...}) as the temporary administrator; {@code json}
     * is the body or null.
     */
    public Answer admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms" + path))
                .header("Authorization", "Bearer " + adminToken());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    public record Answer(int status, String body) {}

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String form(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopProcess();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
