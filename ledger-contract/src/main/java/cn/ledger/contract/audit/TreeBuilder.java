package cn.ledger.contract.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a tiled Merkle tree leaf by leaf in bounded memory: only the rightmost (partial) tile of each
 * level is kept, which is all the root of the tree as it stands needs; each tile is handed to a listener
 * the moment it is full (to compare it with a served one, say). Memory O(log n), whatever the tree's size.
 */
public final class TreeBuilder {

    private record Partial(long index, byte[] hashes) {}

    private final Map<Integer, Partial> rightmost = new HashMap<>();
    private final Consumer<Tiles.Write> fullTiles;
    private final List<byte[]> pending = new ArrayList<>();
    private long size;

    /** @param fullTiles told of every tile as it fills up (level, index, its 256 hashes) */
    public TreeBuilder(Consumer<Tiles.Write> fullTiles) {
        this.fullTiles = fullTiles;
    }

    public void add(byte[] leafHash) {
        pending.add(leafHash);
        if (pending.size() == Tiles.WIDTH) {
            flush();
        }
    }

    /** The number of leaves added. */
    public long size() {
        return size + pending.size();
    }

    /** The root of the tree of every leaf added so far. */
    public byte[] root() {
        flush();
        return MerkleTree.root(Tiles.subtrees(this::read), size);
    }

    /** The partial tiles of the tree as it stands, one per level that has one (level → its hashes). */
    public List<Tiles.Write> partialTiles() {
        flush();
        return rightmost.entrySet().stream().map(e -> new Tiles.Write(e.getKey(), e.getValue().index(), e.getValue().hashes()))
                .sorted(java.util.Comparator.comparingInt(Tiles.Write::level)).toList();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (Tiles.Write write : Tiles.append(size, pending, this::read)) {
            if (write.hashes().length == Tiles.WIDTH * Tiles.HASH_SIZE) {
                rightmost.remove(write.level());
                fullTiles.accept(write);
            } else {
                rightmost.put(write.level(), new Partial(write.index(), write.hashes()));
            }
        }
        size += pending.size();
        pending.clear();
    }

    private byte[] read(int level, long index) {
        Partial partial = rightmost.get(level);
        if (partial == null || partial.index() != index) {
            return new byte[0];
        }
        return partial.hashes();
    }
}
