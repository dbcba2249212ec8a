package cn.ledger.verify;

import cn.ledger.contract.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The offline verifier's command line.
 *
 * <pre>
 * java -jar ledger-verify/target/ledger-verify-cli.jar --export export.json [--checkpoint kept.json] [--public-key KEY]
 * java -jar ledger-verify/target/ledger-verify-cli.jar --url http://127.0.0.1:8081 --checkpoint kept.json
 * java -jar ledger-verify/target/ledger-verify-cli.jar --log http://127.0.0.1:8081 --verifier-key KEY [--note kept.txt]
 *     [--witness WITNESS-KEY --witness WITNESS-KEY --quorum 1]
 * </pre>
 * With {@code --witness}, the served checkpoint must carry valid cosignatures of at least {@code --quorum}
 * of the witnesses given (all of them without {@code --quorum}); the failure names those missing.
 * The export is read as a stream and the log's tiles one at a time: memory does not grow with the
 * history. Progress (events read, events/s) goes to standard error every few seconds. Exit status 0 when
 * everything verifies, 1 when something does not (each problem is named), 2 on bad usage.
 */
public final class LedgerVerify {

    /** One client for every request (it pools connections; the tiles are read on several threads at once). */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LedgerVerify() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String export = null;
        String url = null;
        String checkpoint = null;
        String publicKey = null;
        String log = null;
        String verifierKey = null;
        String note = null;
        java.util.List<String> witnesses = new java.util.ArrayList<>();
        Integer quorum = null;
        String token = System.getenv("LEDGER_TOKEN");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--export" -> export = args[++i];
                case "--url" -> url = value == null ? null : args[++i];
                case "--checkpoint" -> checkpoint = args[++i];
                case "--public-key" -> publicKey = args[++i];
                case "--log" -> log = value == null ? null : args[++i];
                case "--verifier-key" -> verifierKey = args[++i];
                case "--note" -> note = args[++i];
                case "--witness" -> witnesses.add(args[++i]);
                case "--quorum" -> quorum = args[++i].matches("[0-9]{1,9}") ? Integer.parseInt(args[i]) : -1;
                default -> {
                    return usage("unknown argument " + args[i]);
                }
            }
        }
        if ((export == null ? 0 : 1) + (url == null ? 0 : 1) + (log == null ? 0 : 1) != 1) {
            return usage("give one of --export FILE, --url URL or --log URL");
        }
        if (log != null && verifierKey == null) {
            return usage("--log needs --verifier-key (GET /api/v1/audit/log/verifier-key, kept apart from the service)");
        }
        if (!witnesses.isEmpty() && log == null) {
            return usage("--witness applies to --log (the served checkpoint note carries the cosignatures)");
        }
        if (quorum != null && (quorum < 1 || quorum > witnesses.size())) {
            return usage("--quorum must be 1 to the number of --witness keys given (" + witnesses.size() + ")");
        }
        try {
            java.util.List<String> keys = new java.util.ArrayList<>();
            for (String witness : witnesses) {
                keys.add(argument(witness));
            }
            WitnessPolicy policy = new WitnessPolicy(keys, quorum == null ? keys.size() : quorum);
            Progress progress = new Progress(System.err);
            Verifier.Report report;
            if (log != null) {
                String prefix = log.replaceAll("/+$", "") + "/api/v1/audit/log/";
                String bearer = token;
                report = TileVerifier.verify(path -> bytes(prefix + path, bearer), argument(verifierKey),
                        note == null ? null : Files.readString(Path.of(note)), policy, progress);
            } else {
                JsonNode kept = checkpoint == null ? null : read(Path.of(checkpoint));
                if (publicKey != null) {
                    publicKey = argument(publicKey);
                }
                if (export != null) {
                    try (InputStream in = Files.newInputStream(Path.of(export))) {
                        report = Verifier.verify(in, kept, publicKey, progress);
                    }
                } else {
                    String query = kept == null ? "" : "?treeSize=" + latestSize(url, token);
                    try (InputStream in = stream(url + "/api/v1/audit/export" + query, token)) {
                        report = Verifier.verify(in, kept, publicKey, progress);
                    }
                }
            }
            progress.done();
            System.out.println(report);
            return report.ok() ? 0 : 1;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("ledger-verify: " + e.getMessage());
            return 2;
        }
    }

    private static long latestSize(String url, String token) throws IOException, InterruptedException {
        return EventCodec.mapper().readTree(fetch(url + "/api/v1/audit/checkpoint", token)).path("treeSize").asLong();
    }

    /** A value or, written {@code @FILE}, the file's content. */
    private static String argument(String value) throws IOException {
        return value.startsWith("@") ? Files.readString(Path.of(value.substring(1))).trim() : value.trim();
    }

    private static byte[] bytes(String url, String token) throws IOException {
        try (InputStream in = stream(url, token)) {
            return in.readAllBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + url, e);
        }
    }

    private static InputStream stream(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw new IOException(url + " answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(2000), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    /** Reports the events read and the rate, every few seconds, on a stream of its own (standard error). */
    static final class Progress implements java.util.function.LongConsumer {
        private static final long EVERY_NANOS = 3_000_000_000L;
        private final java.io.PrintStream out;
        private final long started = System.nanoTime();
        private long last = started;
        private long count;

        Progress(java.io.PrintStream out) {
            this.out = out;
        }

        @Override
        public void accept(long events) {
            count = events;
            long now = System.nanoTime();
            if (now - last >= EVERY_NANOS) {
                last = now;
                print(now);
            }
        }

        void done() {
            print(System.nanoTime());
        }

        private void print(long now) {
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            out.printf("ledger-verify: %d events read in %.1f s, %.0f events/s%n", count, seconds, count / seconds);
        }
    }

    private static String fetch(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static JsonNode read(Path file) throws IOException {
        return EventCodec.mapper().readTree(Files.readString(file));
    }

    private static int usage(String problem) {
        System.err.println("ledger-verify: " + problem);
        System.err.println("usage: ledger-verify (--export FILE | --url URL) [--checkpoint KEPT.json] [--public-key BASE64|@FILE]");
        System.err.println("       ledger-verify --log URL --verifier-key KEY|@FILE [--note KEPT-CHECKPOINT.txt]");
        System.err.println("             [--witness WITNESS-KEY|@FILE]... [--quorum N (default: every witness given)]");
        return 2;
    }
}
