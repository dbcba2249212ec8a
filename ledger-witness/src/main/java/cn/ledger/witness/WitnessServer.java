package cn.ledger.witness;

import cn.ledger.contract.audit.Ed25519Keys;
import cn.ledger.contract.audit.SignedNote;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The witness over HTTP: {@code POST <prefix>/add-checkpoint} as C2SP tlog-witness defines it, on the JDK's
 * own HTTP server.
 *
 * <pre>
 * java -jar ledger-witness/target/ledger-witness-cli.jar witness.properties
 * java -jar ledger-witness/target/ledger-witness-cli.jar witness.properties --verifier-key
 * </pre>
 * The properties: {@code name} (the witness's key name, e.g. {@code witness.example.org/w1}),
 * {@code key-file} (its Ed25519 key, base64 PKCS#8; generated, owner-only, when the file does not exist),
 * {@code state-dir} (a file per log: the latest checkpoint cosigned), {@code port} (default 7380),
 * {@code bind} (default 127.0.0.1), and for each log it accepts {@code log.<id>.origin} and
 * {@code log.<id>.key} (the log's note verifier key; several separated by commas). Relative paths are read
 * from the properties file's directory.
 */
public final class WitnessServer implements AutoCloseable {

    /** The largest request body read: 63 proof lines and a checkpoint with a few signatures fit many times. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private WitnessServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves the witness on this address (port 0: any free port). */
    public static WitnessServer start(Witness witness, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/add-checkpoint", exchange -> handle(witness, exchange));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.start();
        return new WitnessServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(Witness witness, HttpExchange exchange) throws IOException {
        try (exchange) {
            Witness.Answer answer;
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                answer = Witness.Answer.text(405, "add-checkpoint is a POST");
            } else if (!"/add-checkpoint".equals(exchange.getRequestURI().getPath())) {
                answer = Witness.Answer.text(404, "no such path");
            } else {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readNBytes(MAX_BODY + 1);
                }
                answer = body.length > MAX_BODY ? Witness.Answer.text(413, "the body is over " + MAX_BODY + " bytes")
                        : witness.addCheckpoint(body);
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
        } catch (RuntimeException e) {
            System.err.println("ledger-witness: " + e);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || args.length == 2 && !"--verifier-key".equals(args[1])) {
            System.err.println("usage: ledger-witness WITNESS.properties [--verifier-key]");
            System.exit(2);
        }
        Path config = Path.of(args[0]).toAbsolutePath();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Witness witness = witness(properties, config.getParent(), Clock.systemUTC());
        if (args.length == 2) {
            System.out.println(witness.verifierKey());
            return;
        }
        InetSocketAddress address = new InetSocketAddress(properties.getProperty("bind", "127.0.0.1"),
                Integer.parseInt(properties.getProperty("port", "7380").trim()));
        WitnessServer server = start(witness, address);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("ledger-witness " + witness.verifierKey() + " listening on " + address.getHostString() + ":"
                + server.port());
    }

    /** The witness the properties describe. */
    static Witness witness(Properties properties, Path base, Clock clock) throws IOException, GeneralSecurityException {
        String name = required(properties, "name");
        PrivateKey key = Ed25519Keys.privateKey(keyMaterial(base.resolve(required(properties, "key-file"))));
        byte[] publicKey = SignedNote.rawKey(Ed25519Keys.publicKey(key).getEncoded());
        Map<String, List<String>> logs = new LinkedHashMap<>();
        TreeSet<String> ids = new TreeSet<>();
        for (String property : properties.stringPropertyNames()) {
            if (property.matches("log\\.[^.]+\\.(origin|key)")) {
                ids.add(property.substring(4, property.lastIndexOf('.')));
            }
        }
        for (String id : ids) {
            String origin = required(properties, "log." + id + ".origin");
            List<String> keys = new ArrayList<>();
            for (String k : required(properties, "log." + id + ".key").split(",")) {
                if (!logKey(k.trim())) {
                    throw new IllegalArgumentException("log." + id + ".key '" + k.trim() + "' is not a note verifier "
                            + "key <name>+<key hash>+base64(0x01‖Ed25519 key) (GET /api/v1/audit/log/verifier-key)");
                }
                keys.add(k.trim());
            }
            logs.put(origin, keys);
        }
        if (logs.isEmpty()) {
            throw new IllegalArgumentException("no log configured: give log.<id>.origin and log.<id>.key");
        }
        return new Witness(name, key, publicKey, logs, base.resolve(required(properties, "state-dir")), clock);
    }

    /** Whether a verifier key is an Ed25519 note key whose hash matches its name and key. */
    static boolean logKey(String verifierKey) {
        String[] parts = verifierKey.split("\\+", 3);
        try {
            byte[] typed = parts.length == 3 ? Base64.getDecoder().decode(parts[2]) : new byte[0];
            return typed.length == 33 && typed[0] == 0x01 && SignedNote.validName(parts[0])
                    && java.util.HexFormat.of().formatHex(SignedNote.keyHash(parts[0],
                            java.util.Arrays.copyOfRange(typed, 1, 33))).equals(parts[1]);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String required(Properties properties, String name) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the witness configuration has no " + name);
        }
        return value.trim();
    }

    /** The key in the file; a new one, written owner-only, when the file does not exist yet. */
    private static String keyMaterial(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String generated = Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, generated);
                System.err.println("ledger-witness: generated a key in " + file);
            } catch (FileAlreadyExistsException raced) {
                // made by another process meanwhile: that one stays
            }
        }
        return Files.readString(file).trim();
    }
}
