package cn.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.audit.Cosignature;
import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness over HTTP, as a log submits to it: every answer C2SP tlog-witness names, and its state kept. */
class WitnessTest {

    private static final String ORIGIN = "ledger.example.gov.cn/events";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();
    private KeyPair logKey;
    private String logVerifierKey;
    private Witness witness;
    private WitnessServer server;
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<byte[]> forked = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        logKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        logVerifierKey = SignedNote.verifierKey(ORIGIN, SignedNote.rawKey(logKey.getPublic().getEncoded()));
        Files.writeString(directory.resolve("witness.key"), Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()));
        witness = configured();
        server = WitnessServer.start(witness, new InetSocketAddress("127.0.0.1", 0));
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleTree.leafHash(("event " + i).getBytes(StandardCharsets.UTF_8)));
            forked.add(MerkleTree.leafHash(((i == 5 ? "altered " : "event ") + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The witness as its properties file describes it, over the state directory of this test. */
    private Witness configured() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("name", "witness.example.org/w1");
        properties.setProperty("key-file", "witness.key");
        properties.setProperty("state-dir", "state");
        properties.setProperty("log.ledger.origin", ORIGIN);
        properties.setProperty("log.ledger.key", logVerifierKey);
        return WitnessServer.witness(properties, directory, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void cosignsAChainOfConsistentCheckpoints() throws Exception {
        Cosignature.Key key = Cosignature.Key.parse(witness.verifierKey()).orElseThrow();
        assertThat(witness.verifierKey()).startsWith("witness.example.org/w1+");
        long old = 0;
        for (long size : List.of(3L, 7L, 7L, 20L, 40L)) {
            String note = note(leaves, size);
            HttpResponse<String> answer = add(old, proof(leaves, old, size), note);
            assertThat(answer.statusCode()).as("size " + size + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).startsWith("\u2014 witness.example.org/w1 ").endsWith("\n");
            List<Cosignature.Verified> cosigned = Cosignature.cosigners(note + answer.body(), List.of(key));
            assertThat(cosigned).hasSize(1);
            assertThat(cosigned.get(0).timestamp()).isEqualTo(NOW.getEpochSecond());
            // a cosignature is of this checkpoint only
            assertThat(Cosignature.cosigners(note(leaves, size == 3 ? 4 : 3) + answer.body(), List.of(key))).isEmpty();
            old = size;
        }
        assertThat(witness.size(ORIGIN)).isEqualTo(40);
    }

    @Test
    void answersAStaleOldSizeWithItsOwnSize() throws Exception {
        assertThat(add(0, List.of(), note(leaves, 10)).statusCode()).isEqualTo(200);
        HttpResponse<String> stale = add(0, List.of(), note(leaves, 20));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.headers().firstValue("Content-Type")).contains("text/x.tlog.size");
        assertThat(stale.body()).isEqualTo("10\n");
        assertThat(add(5, proof(leaves, 5, 20), note(leaves, 20)).statusCode()).isEqualTo(409);
        // retried from the size it reported: cosigned
        assertThat(add(10, proof(leaves, 10, 20), note(leaves, 20)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesACheckpointThatDoesNotExtendTheOneCosigned() throws Exception {
        assertThat(add(0, List.of(), note(leaves, 10)).statusCode()).isEqualTo(200);
        // a tree whose leaf 5 differs: no proof from the cosigned tree of 10 leads to it
        HttpResponse<String> fork = add(10, proof(forked, 10, 30), note(forked, 30));
        assertThat(fork.statusCode()).as(fork.body()).isEqualTo(422);
        List<byte[]> wrong = new ArrayList<>(proof(leaves, 10, 30));
        wrong.set(0, new byte[32]);
        assertThat(add(10, wrong, note(leaves, 30)).statusCode()).isEqualTo(422);
        // the same size with another root
        assertThat(add(10, List.of(), note(forked, 10)).statusCode()).isEqualTo(409);
        assertThat(witness.size(ORIGIN)).isEqualTo(10);
    }

    @Test
    void refusesWhatTheLogDidNotSign() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String text = new LogCheckpoint(ORIGIN, 10, MerkleTree.root(leaves, 10)).text();
        String forged = SignedNote.sign(text, ORIGIN, SignedNote.rawKey(other.getPublic().getEncoded()), other.getPrivate());
        assertThat(add(0, List.of(), forged).statusCode()).isEqualTo(403);
        String altered = note(leaves, 10).replace("\n10\n", "\n11\n");
        assertThat(add(0, List.of(), altered).statusCode()).isEqualTo(403);
        String unknown = SignedNote.sign(new LogCheckpoint("other.example/log", 10, MerkleTree.root(leaves, 10)).text(),
                "other.example/log", SignedNote.rawKey(logKey.getPublic().getEncoded()), logKey.getPrivate());
        assertThat(add(0, List.of(), unknown).statusCode()).isEqualTo(404);
        assertThat(witness.size(ORIGIN)).isZero();
    }

    @Test
    void refusesMalformedRequests() throws Exception {
        String note = note(leaves, 10);
        for (String body : List.of("", "old 01\n\n" + note, "old -1\n\n" + note, "old 0\n" + note, "old 0\nnot-a-hash\n\n"
                + note, "old 0\n\nnot a checkpoint\n", "old 11\n\n" + note)) {
            HttpResponse<String> answer = post(body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
        }
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base() + "/add-checkpoint")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void keepsItsStateAcrossARestartAndNeverRollsBack() throws Exception {
        assertThat(add(0, List.of(), note(leaves, 20)).statusCode()).isEqualTo(200);
        server.close();
        witness = configured();
        server = WitnessServer.start(witness, new InetSocketAddress("127.0.0.1", 0));
        assertThat(witness.size(ORIGIN)).isEqualTo(20);
        HttpResponse<String> fresh = add(0, List.of(), note(leaves, 10));
        assertThat(fresh.statusCode()).isEqualTo(409);
        assertThat(fresh.body()).isEqualTo("20\n");
        // a smaller tree after the larger one: never
        assertThat(add(20, List.of(), note(leaves, 10)).statusCode()).isEqualTo(400);
        assertThat(add(20, proof(leaves, 20, 25), note(leaves, 25)).statusCode()).isEqualTo(200);
        try (var files = Files.list(directory.resolve("state"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactly("ledger.example.gov.cn%2Fevents.checkpoint");
        }
    }

    /**
     * Generated requests (seeded): a valid submission with bytes flipped, dropped, inserted (controls, non-ASCII,
     * invalid UTF-8), lines doubled or cut short. Every answer is one the protocol names, nothing throws, and the
     * only checkpoint ever cosigned is the log's own: the witness's size stays 10 or becomes 30, never another.
     */
    @Test
    void mutatedSubmissionsGetAnAnswerOfTheProtocolAndNeverACosignatureOfAnotherTree() throws Exception {
        long seed = Long.getLong("witness.fuzz.seed", 20261204L);
        java.util.Random random = new java.util.Random(seed);
        Cosignature.Key key = Cosignature.Key.parse(witness.verifierKey()).orElseThrow();
        assertThat(add(0, List.of(), note(leaves, 10)).statusCode()).isEqualTo(200);
        String honest = note(leaves, 30);
        StringBuilder valid = new StringBuilder("old 10\n");
        proof(leaves, 10, 30).forEach(h -> valid.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        byte[] body = valid.append('\n').append(honest).toString().getBytes(StandardCharsets.UTF_8);
        java.util.Set<Integer> protocol = java.util.Set.of(200, 400, 403, 404, 409, 422);
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = mutate(body, random);
            Witness.Answer answer = witness.addCheckpoint(mutated);
            String tried = "seed " + seed + ", try " + i + ": " + new String(mutated, StandardCharsets.ISO_8859_1);
            assertThat(protocol).as(tried).contains(answer.status());
            if (answer.status() == 200) {
                assertThat(Cosignature.cosigners(honest + answer.body(), List.of(key))).as(tried).hasSize(1);
            }
            assertThat(witness.size(ORIGIN)).as(tried).isIn(10L, 30L);
        }
    }

    private static byte[] mutate(byte[] body, java.util.Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = random.nextInt(body.length);
        byte[] inserted = switch (random.nextInt(4)) {
            case 0 -> new byte[] {(byte) random.nextInt(32)};
            case 1 -> "\u00e9\u4e2d\ufffd".getBytes(StandardCharsets.UTF_8);
            case 2 -> new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
            default -> new byte[] {'\n'};
        };
        switch (random.nextInt(5)) {
            case 0 -> { // flip a byte
                byte[] copy = body.clone();
                copy[at] ^= (byte) (1 + random.nextInt(255));
                return copy;
            }
            case 1 -> { // drop a run of bytes
                out.write(body, 0, at);
                int skip = Math.min(body.length - at, 1 + random.nextInt(8));
                out.write(body, at + skip, body.length - at - skip);
            }
            case 2 -> { // insert bytes
                out.write(body, 0, at);
                out.writeBytes(inserted);
                out.write(body, at, body.length - at);
            }
            case 3 -> { // double a piece
                int length = Math.min(body.length - at, 1 + random.nextInt(64));
                out.write(body, 0, at + length);
                out.write(body, at, body.length - at);
            }
            default -> out.write(body, 0, at); // cut short
        }
        return out.toByteArray();
    }

    private String note(List<byte[]> tree, long size) {
        String text = new LogCheckpoint(ORIGIN, size, MerkleTree.root(tree, size)).text();
        return SignedNote.sign(text, ORIGIN, SignedNote.rawKey(logKey.getPublic().getEncoded()), logKey.getPrivate());
    }

    private static List<byte[]> proof(List<byte[]> tree, long from, long to) {
        return from == 0 || from == to ? List.of() : MerkleTree.consistencyProof(tree, from, to);
    }

    private HttpResponse<String> add(long old, List<byte[]> proof, String note) throws Exception {
        StringBuilder body = new StringBuilder("old " + old + "\n");
        proof.forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return post(body.append('\n').append(note).toString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }
}
