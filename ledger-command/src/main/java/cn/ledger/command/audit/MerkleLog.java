package cn.ledger.command.audit;

import cn.ledger.contract.audit.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The Merkle log's leaf hashes, read from {@code merkle_leaf} (append-only) and kept in memory as they
 * grow, with the roots and proofs computed from them.
 */
@Service
public class MerkleLog {

    private final JdbcTemplate jdbc;
    private final List<byte[]> leaves = new ArrayList<>();

    public MerkleLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The leaf hashes logged so far (a snapshot). */
    public synchronized List<byte[]> leaves() {
        List<byte[]> more = jdbc.query("SELECT leaf_hash FROM merkle_leaf WHERE leaf_index >= ? ORDER BY leaf_index",
                (rs, i) -> rs.getBytes(1), leaves.size());
        leaves.addAll(more);
        return List.copyOf(leaves);
    }

    public long size() {
        return leaves().size();
    }

    public byte[] root(long treeSize) {
        return MerkleTree.root(leaves(), treeSize);
    }

    public List<byte[]> inclusionProof(long leafIndex, long treeSize) {
        return MerkleTree.inclusionProof(leaves(), leafIndex, treeSize);
    }

    public List<byte[]> consistencyProof(long from, long to) {
        return MerkleTree.consistencyProof(leaves(), from, to);
    }
}
