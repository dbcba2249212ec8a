package cn.ledger.contract.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void encodesTileIndicesInThreeDigitGroups() {
        assertThat(Tiles.encode(0)).isEqualTo("000");
        assertThat(Tiles.encode(999)).isEqualTo("999");
        assertThat(Tiles.encode(1000)).isEqualTo("x001/000");
        assertThat(Tiles.encode(1234067)).isEqualTo("x001/x234/067");
        assertThat(new Tiles.Tile(1, 1234067, 7).path()).isEqualTo("tile/1/x001/x234/067.p/7");
        assertThat(new Tiles.Tile(-1, 5, 256).path()).isEqualTo("tile/entries/005");
    }

    @Test
    void parsesOnlyCanonicalPaths() {
        assertThat(Tiles.parse("tile/0/x001/x234/067.p/7")).contains(new Tiles.Tile(0, 1234067, 7));
        assertThat(Tiles.parse("tile/entries/000")).contains(new Tiles.Tile(-1, 0, 256));
        assertThat(Tiles.parse("tile/2/001")).contains(new Tiles.Tile(2, 1, 256));
        for (String bad : List.of("tile/0/1", "tile/0/x000/001", "tile/0/001.p/0", "tile/0/001.p/256",
                "tile/0/001.p/012", "tile/01/001", "tile/0/x001", "tile/99/000", "tile/0/001/", "tile/data/000",
                "tile/0/x999/x999/x999/x999/x999/x999/999")) {
            assertThat(Tiles.parse(bad)).as(bad).isEmpty();
        }
    }

    @Property(seed = "20261204", tries = 60)
    void pathsRoundTrip(@ForAll @IntRange(min = -1, max = 9) int level, @ForAll long index,
            @ForAll @IntRange(min = 1, max = 256) int width) {
        Tiles.Tile tile = new Tiles.Tile(level, Math.abs(index % 1_000_000_000_000_000L), width);
        assertThat(Tiles.parse(tile.path())).contains(tile);
    }

    /**
     * A tree built tile by tile, in appends of any sizes, has the roots and proofs the RFC 6962 tree of
     * its leaves has, at every size.
     */
    @Property(seed = "20261204", tries = 25)
    void tiledTreeAgreesWithTheLeafList(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 700) Integer> appends) {
        Map<String, byte[]> store = new HashMap<>();
        Tiles.Source source = (level, index) -> store.getOrDefault(level + "/" + index, new byte[0]);
        List<byte[]> leaves = new ArrayList<>();
        for (int count : appends) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(MerkleTree.leafHash(Integer.toString(leaves.size() + i).getBytes()));
            }
            for (Tiles.Write write : Tiles.append(leaves.size(), batch, source)) {
                store.put(write.level() + "/" + write.index(), write.hashes());
            }
            leaves.addAll(batch);
            long n = leaves.size();
            MerkleTree.Subtrees tiled = Tiles.subtrees(source);
            assertThat(MerkleTree.root(tiled, n)).isEqualTo(MerkleTree.root(leaves, n));
            long leaf = (n * 7919) % n;
            assertThat(MerkleTree.inclusionProof(tiled, leaf, n)).containsExactlyElementsOf(
                    MerkleTree.inclusionProof(leaves, leaf, n));
            long m = Math.max(1, n / 3);
            assertThat(MerkleTree.consistencyProof(tiled, m, n)).containsExactlyElementsOf(
                    MerkleTree.consistencyProof(leaves, m, n));
            assertThat(MerkleTree.root(tiled, m)).isEqualTo(MerkleTree.root(leaves, m));
        }
        // a level-1 hash is the root of the 256 leaves below it
        if (leaves.size() >= 256) {
            assertThat(Tiles.subtrees(source).hash(8, 0)).isEqualTo(MerkleTree.root(leaves, 256));
        }
    }

    /** Leaf by leaf in bounded memory: the same roots, and the same full and partial tiles, as the stored tiles. */
    @Property(seed = "20261204", tries = 20)
    void builderKeepsOnlyTheRightmostTilesAndAgrees(@ForAll @IntRange(min = 1, max = 70000) int n) {
        Map<String, byte[]> full = new HashMap<>();
        TreeBuilder builder = new TreeBuilder(w -> full.put(w.level() + "/" + w.index(), w.hashes()));
        Map<String, byte[]> store = new HashMap<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] leaf = MerkleTree.leafHash(Integer.toString(i).getBytes());
            leaves.add(leaf);
            builder.add(leaf);
            if (i == n / 2) {
                assertThat(builder.root()).isEqualTo(MerkleTree.root(leaves, i + 1));
            }
        }
        for (Tiles.Write w : Tiles.append(0, leaves, (l, i) -> new byte[0])) {
            store.put(w.level() + "/" + w.index(), w.hashes());
        }
        assertThat(builder.root()).isEqualTo(MerkleTree.root(leaves, n));
        assertThat(builder.size()).isEqualTo(n);
        for (Tiles.Write partial : builder.partialTiles()) {
            assertThat(partial.hashes()).isEqualTo(store.get(partial.level() + "/" + partial.index()));
            assertThat(partial.hashes().length).isLessThan(Tiles.WIDTH * Tiles.HASH_SIZE);
        }
        assertThat(full.size() + builder.partialTiles().size()).isEqualTo(store.size());
        full.forEach((path, hashes) -> assertThat(hashes).as(path).isEqualTo(store.get(path)));
    }

    @Test
    void refusesAnAppendToATileThatDoesNotMatchTheTreeSize() {
        assertThatThrownBy(() -> Tiles.append(3, List.of(new byte[32]), (l, i) -> new byte[64]))
                .hasMessageContaining("holds 2 hashes, the tree of 3 needs 3");
    }

    @Test
    void bundlesEntriesWithTwoByteLengths() {
        byte[] bundle = Tiles.bundle(List.of(new byte[] {1, 2, 3}, new byte[0], new byte[300]));
        assertThat(bundle).startsWith(0, 3, 1, 2, 3, 0, 0, 1, 44);
        assertThat(Tiles.entries(bundle)).hasSize(3).last().extracting(e -> e.length).isEqualTo(300);
        assertThatThrownBy(() -> Tiles.entries(java.util.Arrays.copyOf(bundle, bundle.length - 1)))
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> Tiles.bundle(List.of(new byte[65536]))).hasMessageContaining("does not fit");
    }

    @Test
    void aLeafReadsBackAsTheStoredEvent() {
        StoredEvent event = new StoredEvent("e-1", "c-1", 7, "Cadre", "2026-12-04T08:00:00Z", "x.Y", null,
                "{\"a\":1}".getBytes(), null);
        StoredEvent back = StoredEvent.fromLeaf(event.leaf());
        assertThat(back.leafHash()).isEqualTo(event.leafHash());
        assertThat(back.eventId()).isEqualTo("e-1");
        assertThat(back.sequence()).isEqualTo(7);
        assertThat(back.payloadRevision()).isNull();
        assertThatThrownBy(() -> StoredEvent.fromLeaf(java.util.Arrays.copyOf(event.leaf(), 30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredEvent.fromLeaf("ledger-leaf/v2".getBytes())).hasMessageContaining("not a");
    }

    @Test
    void signedNotesOpenOnlyWithTheirKey() throws Exception {
        java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = SignedNote.rawKey(pair.getPublic().getEncoded());
        String text = new LogCheckpoint("ledger.example/log", 5, new byte[32]).text();
        String note = SignedNote.sign(text, "ledger.example/log", raw, pair.getPrivate());
        String verifier = SignedNote.verifierKey("ledger.example/log", raw);
        assertThat(verifier).matches("ledger\\.example/log\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}");
        assertThat(note).startsWith("ledger.example/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 ledger.example/log ");
        assertThat(SignedNote.open(note, verifier)).contains(text);
        assertThat(LogCheckpoint.parse(text).orElseThrow().treeSize()).isEqualTo(5);
        assertThat(SignedNote.open(note.replace("\n5\n", "\n6\n"), verifier)).isEmpty();
        byte[] other = SignedNote.rawKey(java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPublic().getEncoded());
        assertThat(SignedNote.open(note, SignedNote.verifierKey("ledger.example/log", other))).isEmpty();
        assertThat(SignedNote.open(note, SignedNote.verifierKey("another/log", raw))).isEmpty();
    }
}
