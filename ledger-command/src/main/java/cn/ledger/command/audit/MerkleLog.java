package cn.ledger.command.audit;

import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.Tiles;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The Merkle log's roots and proofs, read from its tiles: a root or a proof of a tree of n leaves reads
 * O(log n) tiles; nothing of the log is held in memory.
 */
@Service
public class MerkleLog {

    private final MerkleTiles tiles;

    public MerkleLog(MerkleTiles tiles) {
        this.tiles = tiles;
    }

    /** The number of leaves logged (committed). */
    public long size() {
        return tiles.size();
    }

    public byte[] root(long treeSize) {
        return MerkleTree.root(tiles.reader(), treeSize);
    }

    /** A leaf's hash, its audit path in the tree of {@code treeSize} and that tree's root, from one reading of the tiles. */
    public record Inclusion(byte[] leafHash, List<byte[]> proof, byte[] root) {}

    public Inclusion inclusion(long leafIndex, long treeSize) {
        MerkleTree.Subtrees reader = tiles.reader();
        return new Inclusion(reader.hash(0, leafIndex), MerkleTree.inclusionProof(reader, leafIndex, treeSize),
                MerkleTree.root(reader, treeSize));
    }

    public List<byte[]> consistencyProof(long from, long to) {
        return MerkleTree.consistencyProof(tiles.reader(), from, to);
    }

    /** The first {@code width} hashes of tile (level, index), when the log has them. */
    public java.util.Optional<byte[]> tile(int level, long index, int width) {
        byte[] hashes = tiles.read(level, index);
        return hashes.length >= width * Tiles.HASH_SIZE
                ? java.util.Optional.of(java.util.Arrays.copyOf(hashes, width * Tiles.HASH_SIZE))
                : java.util.Optional.empty();
    }
}
