package cn.ledger.verify;

import cn.ledger.contract.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
 * java -jar ledger-verify/target/ledger-verify.jar --export export.json [--checkpoint kept.json] [--public-key KEY]
 * java -jar ledger-verify/target/ledger-verify.jar --url http://127.0.0.1:8081 --checkpoint kept.json
 * </pre>
 * Exit status 0 when everything verifies, 1 when something does not (each problem is named), 2 on bad usage.
 */
public final class LedgerVerify {

    private LedgerVerify() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String export = null;
        String url = null;
        String checkpoint = null;
        String publicKey = null;
        String token = System.getenv("LEDGER_TOKEN");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--export" -> export = args[++i];
                case "--url" -> url = value == null ? null : args[++i];
                case "--checkpoint" -> checkpoint = args[++i];
                case "--public-key" -> publicKey = args[++i];
                default -> {
                    return usage("unknown argument " + args[i]);
                }
            }
        }
        if ((export == null) == (url == null)) {
            return usage("give either --export FILE or --url URL");
        }
        try {
            JsonNode kept = checkpoint == null ? null : read(Path.of(checkpoint));
            JsonNode history;
            if (export != null) {
                history = read(Path.of(export));
            } else {
                String query = kept == null ? "" : "?treeSize=" + latestSize(url, token);
                history = EventCodec.mapper().readTree(fetch(url + "/api/v1/audit/export" + query, token));
            }
            if (publicKey != null && publicKey.startsWith("@")) {
                publicKey = Files.readString(Path.of(publicKey.substring(1))).trim();
            }
            Verifier.Report report = Verifier.verify(history, kept, publicKey);
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
        return 2;
    }
}
