package cn.ledger.command.audit;

import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.Tiles;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Merkle log's tiles in {@code merkle_tile} (see {@link Tiles}): appended to in the transaction that
 * appends the leaves, read a tile at a time. A tree of n leaves is read in O(log n) tiles. A full tile never
 * changes once committed: the {@value #FULL_TILES_KEPT} full tiles read most recently for roots and proofs are
 * kept (8 KiB each, 4 MiB in all, whatever the log's size), so that the upper levels, which every proof reads,
 * cost no query; the tiles served to verifiers are always read from the table.
 */
@Repository
public class MerkleTiles {

    private static final Logger log = LoggerFactory.getLogger(MerkleTiles.class);
    /** Leaves read at once when tiling leaves logged before the tiles existed. */
    private static final int CATCH_UP_CHUNK = 16 * Tiles.WIDTH;

    static final int FULL_TILES_KEPT = 512;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Map<Long, byte[]> fullTiles = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > FULL_TILES_KEPT;
        }
    });

    public MerkleTiles(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The size of the tree the tiles hold (committed). */
    public long size() {
        return jdbc.queryForObject("SELECT tree_size FROM merkle_tile_size", Long.class);
    }

    /**
     * Locks the tiles for an append (until the transaction ends) and brings them up to every leaf in
     * {@code merkle_leaf}; the tree size, which is the index of the next leaf.
     */
    public long lockForAppend() {
        long size = jdbc.queryForObject("SELECT tree_size FROM merkle_tile_size FOR UPDATE", Long.class);
        long leaves = jdbc.queryForObject("SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM merkle_leaf", Long.class);
        while (size < leaves) {
            List<byte[]> hashes = jdbc.query("SELECT leaf_hash FROM merkle_leaf WHERE leaf_index >= ? AND leaf_index < ? "
                    + "ORDER BY leaf_index", (rs, i) -> rs.getBytes(1), size, Math.min(leaves, size + CATCH_UP_CHUNK));
            if (hashes.isEmpty()) {
                throw new IllegalStateException("merkle_leaf has no leaf " + size + " but leaves up to " + leaves);
            }
            size = write(size, hashes);
        }
        return size;
    }

    /** Appends leaf hashes to the tree of {@code size} leaves (locked by {@link #lockForAppend()}); the new size. */
    public long append(long size, List<byte[]> leafHashes) {
        return leafHashes.isEmpty() ? size : write(size, leafHashes);
    }

    private long write(long size, List<byte[]> leafHashes) {
        List<Object[]> rows = new ArrayList<>();
        for (Tiles.Write w : Tiles.append(size, leafHashes, this::read)) {
            rows.add(new Object[] {w.level(), w.index(), w.hashes()});
        }
        jdbc.batchUpdate("INSERT INTO merkle_tile (level, tile_index, hashes) VALUES (?, ?, ?) "
                + "ON CONFLICT (level, tile_index) DO UPDATE SET hashes = EXCLUDED.hashes", rows);
        long grown = size + leafHashes.size();
        jdbc.update("UPDATE merkle_tile_size SET tree_size = ?", grown);
        return grown;
    }

    /** The hashes tile (level, index) holds now (empty when none). */
    public byte[] read(int level, long index) {
        return jdbc.query("SELECT hashes FROM merkle_tile WHERE level = ? AND tile_index = ?",
                (rs, i) -> rs.getBytes(1), level, index).stream().findFirst().orElse(new byte[0]);
    }

    /**
     * A reader of the committed tree's complete subtrees that reads each tile once (a full tile kept from an
     * earlier read is not read again). Not for the appending transaction: it would keep tiles not committed.
     */
    public MerkleTree.Subtrees reader() {
        Map<String, byte[]> read = new HashMap<>();
        return Tiles.subtrees((level, index) -> read.computeIfAbsent(level + "/" + index, k -> committed(level, index)));
    }

    private byte[] committed(int level, long index) {
        Long key = ((long) level << 56) | index;
        byte[] kept = fullTiles.get(key);
        if (kept != null) {
            return kept;
        }
        byte[] hashes = read(level, index);
        if (hashes.length == Tiles.WIDTH * Tiles.HASH_SIZE) {
            fullTiles.put(key, hashes);
        }
        return hashes;
    }

    /** Tiles the leaves logged before the tiles existed, once, when the service starts. */
    @EventListener(ApplicationReadyEvent.class)
    public void catchUp() {
        long before = size();
        long after = transaction.execute(status -> lockForAppend());
        if (after > before) {
            log.info("tiled the Merkle log's leaves {} to {}", before, after);
        }
    }
}
