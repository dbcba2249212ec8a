package cn.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.audit.Cosignature;
import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import cn.ledger.contract.audit.StoredEvent;
import cn.ledger.contract.audit.Tiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tiled-log verifier on logs made here as the service serves them (entry bundles, hash tiles, a signed
 * checkpoint note), untouched and then with one byte changed in an event, in a tile of each level, or with
 * a checkpoint of another key: each is found and named.
 */
class TileVerifierTest {

    private static final String ORIGIN = "ledger.example/events";
    private static final int SIZE = 600;                      // two full level-0 tiles, a partial one, a level-1 tile

    private KeyPair key;
    private String verifierKey;
    private List<StoredEvent> events;
    private Map<String, byte[]> tiles;
    private Map<String, byte[]> entries;

    @BeforeEach
    void log() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        verifierKey = SignedNote.verifierKey(ORIGIN, SignedNote.rawKey(key.getPublic().getEncoded()));
        events = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            events.add(new StoredEvent("e-" + i, "c-" + i % 7, i / 7, "Cadre", "2026-12-04T08:00:00Z",
                    "cn.ledger.contract.event.PositiveEntryRecorded", null,
                    ("{\"points\":" + i + "}").getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)));
        }
        tiles = new HashMap<>();
        List<byte[]> leaves = events.stream().map(StoredEvent::leafHash).toList();
        for (Tiles.Write w : Tiles.append(0, leaves, (l, i) -> new byte[0])) {
            tiles.put(w.level() + "/" + w.index(), w.hashes());
        }
        entries = new HashMap<>();
        for (int index = 0; index * 256 < SIZE; index++) {
            entries.put(Long.toString(index), Tiles.bundle(events.subList(index * 256, Math.min(SIZE, index * 256 + 256))
                    .stream().map(StoredEvent::leaf).toList()));
        }
    }

    private String note(int size) {
        byte[] root = MerkleTree.root(events.stream().map(StoredEvent::leafHash).toList(), size);
        return SignedNote.sign(new LogCheckpoint(ORIGIN, size, root).text(), ORIGIN,
                SignedNote.rawKey(key.getPublic().getEncoded()), key.getPrivate());
    }

    /** Serves the log as the service does: a partial tile is the first W hashes (or entries) of the stored one. */
    private TileVerifier.Fetch served(String checkpoint) {
        return path -> {
            if (path.equals("checkpoint")) {
                return checkpoint.getBytes(StandardCharsets.UTF_8);
            }
            Tiles.Tile tile = Tiles.parse(path).orElseThrow(() -> new IOException("404 " + path));
            if (tile.entries()) {
                byte[] bundle = entries.get(Long.toString(tile.index()));
                if (bundle == null) {
                    throw new IOException("404 " + path);
                }
                return Tiles.bundle(Tiles.entries(bundle).subList(0, tile.width()));
            }
            byte[] hashes = tiles.get(tile.level() + "/" + tile.index());
            if (hashes == null || hashes.length < tile.width() * 32) {
                throw new IOException("404 " + path);
            }
            return Arrays.copyOf(hashes, tile.width() * 32);
        };
    }

    @Test
    void anUntouchedLogVerifiesAndExtendsAKeptCheckpoint() throws Exception {
        List<Long> told = new ArrayList<>();
        Verifier.Report report = TileVerifier.verify(served(note(SIZE)), verifierKey, note(300), told::add);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(told).containsExactly(256L, 512L, 600L);
        assertThat(report.toString()).contains("the served checkpoint of " + ORIGIN + ", size 600: signature valid",
                "600 entries read, 0 tiles differ", "root of the 600 entries matches the served checkpoint",
                "the served log of size 600 extends the kept checkpoint of size 300").endsWith("OK");
    }

    @Test
    void aWitnessPolicyCountsOnlyValidCosignaturesOfTheServedCheckpoint() throws Exception {
        KeyPair w1 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair w2 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw1 = SignedNote.rawKey(w1.getPublic().getEncoded());
        byte[] raw2 = SignedNote.rawKey(w2.getPublic().getEncoded());
        String key1 = Cosignature.verifierKey("witness.example/w1", raw1);
        String key2 = Cosignature.verifierKey("witness.example/w2", raw2);
        String note = note(SIZE);
        String text = note.substring(0, note.indexOf("\n\n") + 1);
        String cosigned = note + Cosignature.sign(text, 1_764_000_000L, "witness.example/w1", raw1, w1.getPrivate())
                // w2's cosignature of another checkpoint: not counted
                + Cosignature.sign(text.replace("\n600\n", "\n599\n"), 1_764_000_000L, "witness.example/w2", raw2,
                        w2.getPrivate());

        Verifier.Report one = TileVerifier.verify(served(cosigned), verifierKey, null,
                new WitnessPolicy(List.of(key1, key2), 1), n -> {});
        assertThat(one.ok()).as(one.toString()).isTrue();
        assertThat(one.toString()).contains("the served checkpoint cosigned by witness.example/w1 at 2025-11-24T");

        Verifier.Report both = TileVerifier.verify(served(cosigned), verifierKey, null,
                new WitnessPolicy(List.of(key1, key2), 2), n -> {});
        assertThat(both.ok()).isFalse();
        assertThat(both.toString()).contains("FAIL: the served checkpoint is cosigned by 1 of the witnesses required, 2 "
                + "needed; no valid cosignature by witness.example/w2");
        // the log's own signature key is no witness key
        Verifier.Report uncosigned = TileVerifier.verify(served(note), verifierKey, null,
                new WitnessPolicy(List.of(key1), 1), n -> {});
        assertThat(uncosigned.toString()).contains("no valid cosignature by witness.example/w1");
        assertThat(LedgerVerify.run(new String[] {"--export", "x.json", "--witness", key1})).isEqualTo(2);
    }

    @Test
    void anAlteredEventIsNamed() throws Exception {
        byte[] bundle = entries.get("1");
        bundle[endOfEntry(bundle, 128) - 7] ^= 1;              // the last byte of leaf 384's payload (then "{}")
        Verifier.Report report = TileVerifier.verify(served(note(SIZE)), verifierKey, null, n -> {});
        assertThat(report.ok()).isFalse();
        int leaf = 384;
        assertThat(report.toString()).contains("the first altered event: event e-" + leaf + " (stream c-" + leaf % 7
                + ", sequence " + leaf / 7 + ", leaf " + leaf + ")", "FAIL: event e-" + leaf + " (stream c-" + leaf % 7
                + ", sequence " + leaf / 7 + ", leaf " + leaf + "): its stored bytes no longer hash to the leaf "
                + "logged in tile/0/001", "FAIL: the 600 entries give the root");
    }

    @Test
    void anAlteredTileOfEachLevelIsNamed() throws Exception {
        tiles.get("0/0")[3 * 32 + 5] ^= 1;
        tiles.get("1/0")[32 + 1] ^= 1;
        tiles.get("0/2")[10 * 32] ^= 1;
        Verifier.Report report = TileVerifier.verify(served(note(SIZE)), verifierKey, null, n -> {});
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: tile/0/000 differs from the tile rebuilt from the entries (hash 3, "
                + "the leaf of event e-3 ", "FAIL: tile/1/000.p/2 differs from the tile rebuilt from the entries (hash 1)",
                "FAIL: tile/0/002.p/88 differs", "3 tiles differ", "root of the 600 entries matches the served checkpoint");
    }

    @Test
    void aCheckpointOfAnotherKeyOrACutBackLogIsRejected() throws Exception {
        String other = SignedNote.verifierKey(ORIGIN, SignedNote.rawKey(KeyPairGenerator.getInstance("Ed25519")
                .generateKeyPair().getPublic().getEncoded()));
        Verifier.Report wrongKey = TileVerifier.verify(served(note(SIZE)), other, null, n -> {});
        assertThat(wrongKey.ok()).isFalse();
        assertThat(wrongKey.toString()).contains("FAIL: the served checkpoint is not a checkpoint signed by " + ORIGIN);

        Verifier.Report cutBack = TileVerifier.verify(served(note(400)), verifierKey, note(SIZE), n -> {});
        assertThat(cutBack.ok()).isFalse();
        assertThat(cutBack.toString()).contains("FAIL: the kept checkpoint of size 600 is larger than the served one "
                + "of 400: the log was cut back");
    }

    @Test
    void aKeptCheckpointWithAnotherRootIsFound() throws Exception {
        // the kept note states a root the log never had at its size: history before it was rewritten
        List<byte[]> rewritten = new ArrayList<>(events.stream().map(StoredEvent::leafHash).toList());
        rewritten.set(7, MerkleTree.leafHash(new byte[] {7}));
        String kept = SignedNote.sign(new LogCheckpoint(ORIGIN, 300, MerkleTree.root(rewritten, 300)).text(), ORIGIN,
                SignedNote.rawKey(key.getPublic().getEncoded()), key.getPrivate());
        Verifier.Report report = TileVerifier.verify(served(note(SIZE)), verifierKey, kept, n -> {});
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: the first 300 entries give the root");
    }

    /** Where entry {@code n} of a bundle ends. */
    private static int endOfEntry(byte[] bundle, int n) {
        int offset = 0;
        for (int i = 0; i <= n; i++) {
            offset += 2 + ((bundle[offset] & 0xFF) << 8 | bundle[offset + 1] & 0xFF);
        }
        return offset;
    }
}
