package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import cn.ledger.security.Role;
import cn.ledger.verify.TileVerifier;
import cn.ledger.verify.Verifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Merkle log as a C2SP tiled transparency log, checked by code the project did not write: Go's
 * {@code golang.org/x/mod/sumdb/note} and {@code tlog} (Debian's golang-go and golang-golang-x-mod-dev,
 * built offline) open the served checkpoint note with the published verifier key, recompute the tree from
 * the entry bundles, compare every served tile, prove every leaf's inclusion and the consistency of an
 * older checkpoint — and fail, naming it, when one byte of a stored event or of a tile is changed.
 */
class TransparencyLogIT extends CommandServiceIT {

    private static final Path SOURCE = Path.of("src/test/go/tlogcheck/main.go");
    private static final Path TOOL = Path.of("target/go/tlogcheck");

    @BeforeAll
    static void buildTheGoChecker() throws Exception {
        Files.createDirectories(TOOL.getParent());
        Result build = run(List.of("go", "build", "-o", TOOL.toString(), SOURCE.toString()));
        assertThat(build.exit()).as("go build: " + build.output()).isZero();
    }

    @Test
    void goToolsVerifyTheLogAndFindAChangedEventOrTile() throws Exception {
        String unit = "tl-" + UUID.randomUUID();
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"透明区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        String cadre = "tl-c-" + UUID.randomUUID();
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"李透明\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":5,"
                + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        // more than one full level-0 tile, so that the tree has a level-1 tile and full and partial tiles
        while (storedEvents() < 300) {
            entry(cadre);
        }
        awaitLogged();
        String older = note();
        Path olderFile = Files.createTempFile(TOOL.getParent(), "checkpoint", ".txt");
        Files.writeString(olderFile, older);
        for (int i = 0; i < 5; i++) {
            entry(cadre);
        }
        awaitLogged();
        while (storedEvents() % 256 == 0) {                    // the tree ends inside a tile: partial tiles exist
            entry(cadre);
            awaitLogged();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> size(note()) == storedEvents());
        long treeSize = size(note());

        // the verifier key the service publishes is the signed-note key of the key this test configured
        String verifierKey = text("/api/v1/audit/log/verifier-key").body().trim();
        String origin = verifierKey.substring(0, verifierKey.indexOf('+'));
        assertThat(verifierKey).isEqualTo(SignedNote.verifierKey(origin,
                SignedNote.rawKey(AUDIT_KEY.getPublic().getEncoded())));
        assertThat(note()).startsWith(origin + "\n" + treeSize + "\n");
        JsonNode json = json("/api/v1/audit/checkpoint?treeSize=" + treeSize);
        assertThat(json.path("note").asText()).isEqualTo(note());
        assertThat(json.path("verifierKey").asText()).isEqualTo(verifierKey);
        HttpResponse<String> negotiated = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/audit/checkpoint")))
                .header("Accept", "text/plain").header("Authorization", "Bearer " + auditor()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(negotiated.body()).isEqualTo(note());

        // a checkpoint issued before notes were gets its note when served: the same note (Ed25519 is deterministic)
        long olderSize = size(older);
        jdbc.update("DELETE FROM merkle_checkpoint_note WHERE tree_size = ?", olderSize);
        assertThat(json("/api/v1/audit/checkpoints").findValuesAsText("treeSize")).contains(Long.toString(olderSize));
        assertThat(json("/api/v1/audit/checkpoint?treeSize=" + olderSize).path("note").asText()).isEqualTo(older);
        assertThat(jdbc.queryForObject("SELECT note FROM merkle_checkpoint_note WHERE tree_size = ?", String.class,
                olderSize)).isEqualTo(older);

        // tiles: full ones immutable, partial ones short-lived, malformed or absent ones a 404 problem
        HttpResponse<String> full = text("/api/v1/audit/log/tile/0/000");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Cache-Control")).contains("max-age=31536000, public, immutable");
        long lastTile = treeSize / 256;
        HttpResponse<byte[]> partial = bytes("/api/v1/audit/log/tile/0/" + String.format("%03d", lastTile) + ".p/"
                + treeSize % 256);
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body()).hasSize((int) (treeSize % 256) * 32);
        assertThat(partial.headers().firstValue("Cache-Control")).contains("max-age=10, public");
        assertThat(text("/api/v1/audit/log/tile/entries/000").headers().firstValue("Cache-Control"))
                .contains("max-age=31536000, private, immutable");
        assertThat(text("/api/v1/audit/log/tile/entries/" + String.format("%03d", lastTile) + ".p/" + treeSize % 256)
                .headers().firstValue("Cache-Control")).contains("max-age=10, private");
        assertThat(bytes("/api/v1/audit/log/tile/1/000.p/1").body()).isEqualTo(
                MerkleTree.root(level0(), 256));
        for (String absent : List.of("/api/v1/audit/log/tile/0/0", "/api/v1/audit/log/tile/0/x000/001",
                "/api/v1/audit/log/tile/0/999", "/api/v1/audit/log/tile/entries/999.p/3", "/api/v1/audit/log/tile/7/000")) {
            HttpResponse<String> answer = text(absent);
            assertThat(answer.statusCode()).as(absent).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).as(absent).contains("application/problem+json");
        }

        // Go's tools: everything verifies
        Result ok = check(olderFile);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("OK: checkpoint of " + origin + ", size " + treeSize,
                "OK: the " + treeSize + " entries hash to the checkpoint's root", "tiles match the entries",
                "OK: inclusion proofs of all " + treeSize + " leaves", "OK: consistency from size " + size(older)
                        + " to " + treeSize);

        // ledger-verify over HTTP: the same log verifies
        Verifier.Report inJava = TileVerifier.verify(this::served, verifierKey, older, n -> {});
        assertThat(inJava.ok()).as(inJava.toString()).isTrue();

        // one byte of one stored event changed in PostgreSQL: found, the event named
        String altered = jdbc.queryForObject("SELECT l.event_identifier FROM merkle_leaf l WHERE l.leaf_index = 100",
                String.class);
        flipEventByte(altered);
        try {
            Verifier.Report named = TileVerifier.verify(this::served, verifierKey, older, n -> {});
            assertThat(named.ok()).isFalse();
            assertThat(named.toString()).contains("the first altered event: event " + altered + " (stream ",
                    ", leaf 100)");
            Result found = check(olderFile);
            assertThat(found.exit()).as(found.output()).isEqualTo(1);
            assertThat(found.output()).contains("FAIL: leaf 100 (event " + altered + "): its entry hashes to",
                    "FAIL: the " + treeSize + " entries hash to the root");
        } finally {
            flipEventByte(altered);
        }

        // one byte of a full tile changed: the tile named, and Go's tile reader refuses it against the root
        flipTileByte();
        try {
            Result found = check(olderFile);
            assertThat(found.exit()).as(found.output()).isEqualTo(1);
            assertThat(found.output()).contains("FAIL: tile tile/0/000 differs from the hashes of the entries (hash 3 of "
                    + "the tile, byte 100)");
        } finally {
            flipTileByte();
        }
        Result again = check(olderFile);
        assertThat(again.exit()).as(again.output()).isZero();

        // a checkpoint checked with another log's key does not open
        String otherKey = SignedNote.verifierKey(origin, SignedNote.rawKey(java.security.KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
        Result wrongKey = run(List.of(TOOL.toString(), "-log", url("/api/v1/audit/log"), "-key", otherKey,
                "-token", auditor()));
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("FAIL: checkpoint:");
    }

    private byte[] served(String path) throws IOException {
        try {
            HttpResponse<byte[]> answer = bytes("/api/v1/audit/log/" + path);
            if (answer.statusCode() != 200) {
                throw new IOException(path + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void flipEventByte(String eventId) {
        jdbc.update("UPDATE domain_event_entry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1) "
                + "WHERE event_identifier = ?", eventId);
    }

    private void flipTileByte() {
        jdbc.update("UPDATE merkle_tile SET hashes = set_byte(hashes, 100, get_byte(hashes, 100) # 1) "
                + "WHERE level = 0 AND tile_index = 0");
    }

    private List<byte[]> level0() throws Exception {
        byte[] tile = bytes("/api/v1/audit/log/tile/0/000").body();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            hashes.add(java.util.Arrays.copyOfRange(tile, i * 32, i * 32 + 32));
        }
        return hashes;
    }

    private Result check(Path older) throws Exception {
        return run(List.of(TOOL.toString(), "-log", url("/api/v1/audit/log"), "-key",
                text("/api/v1/audit/log/verifier-key").body().trim(), "-token", auditor(), "-old", older.toString()));
    }

    private void entry(String cadre) throws Exception {
        assertThat(post("/api/v1/cadres/" + cadre + "/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\","
                + "\"points\":1,\"summary\":\"完成任务\",\"effectiveDate\":\"2023-10-20\"}").statusCode()).isEqualTo(201);
    }

    private void awaitLogged() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT tree_size FROM merkle_tile_size", Long.class) == storedEvents());
    }

    private String note() throws Exception {
        HttpResponse<String> answer = text("/api/v1/audit/log/checkpoint");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain;charset=UTF-8");
        return answer.body();
    }

    private static long size(String note) {
        return Long.parseLong(note.lines().skip(1).findFirst().orElseThrow());
    }

    private String auditor() {
        return token("it-auditor", List.of(Role.AUDITOR), List.of(), null);
    }

    private HttpResponse<String> text(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + auditor())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + auditor())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> answer = text(path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(answer.body());
    }

    record Result(int exit, String output) {}

    /** Runs a command offline (GOPATH mode over Debian's Go sources); a clear failure when Go is not installed. */
    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("GO111MODULE", "off");
        env.put("GOPATH", "/usr/share/gocode");
        env.put("GOFLAGS", "");
        env.put("GOCACHE", TOOL.getParent().toAbsolutePath().resolve("cache").toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException missing) {
            throw new AssertionError("Go is needed to check the log with golang.org/x/mod/sumdb/tlog: install "
                    + "Debian's golang-go and golang-golang-x-mod-dev (apt-get install -y golang-go "
                    + "golang-golang-x-mod-dev); .ci/run installs them (" + missing.getMessage() + ")", missing);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
