package cn.ledger.command.audit;

import cn.ledger.contract.audit.Checkpoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/** Signs a checkpoint of the Merkle log whenever it has grown, and keeps every one issued. */
@Service
public class CheckpointIssuer {

    private static final Logger log = LoggerFactory.getLogger(CheckpointIssuer.class);

    private final MerkleLog merkleLog;
    private final SigningKey key;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CheckpointIssuer(MerkleLog merkleLog, SigningKey key, JdbcTemplate jdbc, Clock clock) {
        this.merkleLog = merkleLog;
        this.key = key;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ledger.audit.checkpoint-interval:PT10S}", initialDelayString = "PT2S")
    public void issueIfGrown() {
        issue();
    }

    /** A checkpoint of the log as it is now; the latest one when the log has not grown since. */
    public synchronized Optional<Checkpoint> issue() {
        long size = merkleLog.size();
        Optional<Checkpoint> latest = latest();
        if (size == 0 || latest.map(c -> c.treeSize() >= size).orElse(false)) {
            return latest;
        }
        jdbc.update("INSERT INTO merkle_signing_key (key_id, public_key, first_used) VALUES (?, ?, now()) "
                + "ON CONFLICT (key_id) DO NOTHING", key.keyId(), key.publicKeyBase64());
        Checkpoint checkpoint = Checkpoint.sign(size, merkleLog.root(size),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), key.keyId(), key.privateKey());
        jdbc.update("""
                INSERT INTO merkle_checkpoint (tree_size, root_hash, issued_at, key_id, signature)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING""",
                checkpoint.treeSize(), checkpoint.rootHash(), Timestamp.from(checkpoint.issuedAt()),
                checkpoint.keyId(), checkpoint.signature());
        log.debug("checkpoint of {} leaves: {}", size, checkpoint.rootHash());
        return at(size);
    }

    public Optional<Checkpoint> latest() {
        return first(jdbc.query("SELECT * FROM merkle_checkpoint ORDER BY tree_size DESC LIMIT 1", this::row));
    }

    public Optional<Checkpoint> at(long treeSize) {
        return first(jdbc.query("SELECT * FROM merkle_checkpoint WHERE tree_size = ?", this::row, treeSize));
    }

    public List<Checkpoint> all() {
        return jdbc.query("SELECT * FROM merkle_checkpoint ORDER BY tree_size", this::row);
    }

    /** Every key that has signed a checkpoint: key id → public key (X.509, base64). */
    public java.util.Map<String, String> publicKeys() {
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT key_id, public_key FROM merkle_signing_key ORDER BY first_used",
                rs -> { keys.put(rs.getString(1), rs.getString(2)); });
        keys.putIfAbsent(key.keyId(), key.publicKeyBase64());
        return keys;
    }

    private static Optional<Checkpoint> first(List<Checkpoint> found) {
        return found.stream().findFirst();
    }

    private Checkpoint row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        Instant issued = rs.getTimestamp("issued_at").toInstant();
        return new Checkpoint(rs.getLong("tree_size"), rs.getString("root_hash"), issued, rs.getString("key_id"),
                rs.getString("signature"));
    }
}
