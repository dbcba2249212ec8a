package cn.ledger.command.audit;

import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.SignedNote;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Signs a checkpoint of the Merkle log whenever it has grown, and keeps every one issued: the project's
 * own signed text and a C2SP tlog-checkpoint signed note of the same size and root.
 */
@Service
public class CheckpointIssuer {

    static final String DEFAULT_ORIGIN_PREFIX = "cn.ledger.events/";

    private static final Logger log = LoggerFactory.getLogger(CheckpointIssuer.class);

    private final MerkleLog merkleLog;
    private final SigningKey key;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String configuredOrigin;
    private final ApplicationEventPublisher events;
    private volatile String origin;

    public CheckpointIssuer(MerkleLog merkleLog, SigningKey key, JdbcTemplate jdbc, Clock clock,
            @Value("${ledger.audit.origin:}") String origin, ApplicationEventPublisher events) {
        this.events = events;
        this.merkleLog = merkleLog;
        this.key = key;
        this.jdbc = jdbc;
        this.clock = clock;
        this.configuredOrigin = origin == null ? "" : origin.trim();
        if (!configuredOrigin.isEmpty() && !SignedNote.validName(configuredOrigin)) {
            throw new IllegalStateException("ledger.audit.origin '" + configuredOrigin + "' cannot name a log: "
                    + "it must not be empty nor hold white space or '+' (e.g. ledger.example.gov.cn/events)");
        }
    }

    /**
     * The log's origin, the first line of every checkpoint note and the name of its key:
     * {@code ledger.audit.origin}, else {@code cn.ledger.events/} and the key id of the first key that
     * signed a checkpoint of this installation (the current key when none has yet).
     */
    public String origin() {
        if (origin == null) {
            origin = configuredOrigin.isEmpty() ? DEFAULT_ORIGIN_PREFIX + jdbc.query(
                    "SELECT key_id FROM merkle_signing_key ORDER BY first_used, key_id LIMIT 1", (rs, i) -> rs.getString(1))
                    .stream().findFirst().orElse(key.keyId()) : configuredOrigin;
        }
        return origin;
    }

    /** The note verifier key of the signing key: {@code <origin>+<key hash>+<base64(0x01‖public key)>}. */
    public String verifierKey() {
        return SignedNote.verifierKey(origin(), key.rawPublicKey());
    }

    /** The signed note of the checkpoint of this size, once issued. */
    public Optional<String> note(long treeSize) {
        return jdbc.query("SELECT note FROM merkle_checkpoint_note WHERE tree_size = ?", (rs, i) -> rs.getString(1),
                treeSize).stream().findFirst();
    }

    /** The signed note of a checkpoint, signed now when it was issued before notes were. */
    public Optional<String> noteOf(Checkpoint checkpoint) {
        Optional<String> note = note(checkpoint.treeSize());
        if (note.isEmpty()) {
            signNote(checkpoint);
            note = note(checkpoint.treeSize());
        }
        return note;
    }

    /** The latest checkpoint's signed note, issued first when the log has grown. */
    public Optional<String> latestNote() {
        return issue().flatMap(c -> note(c.treeSize()));
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
            latest.ifPresent(this::signNote);            // a checkpoint issued before notes were
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
        Optional<Checkpoint> issued = at(size);
        issued.ifPresent(this::signNote);
        return issued;
    }

    /**
     * Signs the checkpoint's C2SP note, once: origin, size and root, recomputed from the tiles and held to
     * the root the checkpoint states (Ed25519 is deterministic: every instance signs the same note).
     */
    private void signNote(Checkpoint checkpoint) {
        if (note(checkpoint.treeSize()).isPresent()) {
            return;
        }
        byte[] root = merkleLog.root(checkpoint.treeSize());
        if (!MerkleTree.hex(root).equals(checkpoint.rootHash())) {
            log.error("the tiles give the tree of size {} the root {}, its checkpoint states {}: no note signed",
                    checkpoint.treeSize(), MerkleTree.hex(root), checkpoint.rootHash());
            return;
        }
        String note = SignedNote.sign(new LogCheckpoint(origin(), checkpoint.treeSize(), root).text(), origin(),
                key.rawPublicKey(), key.privateKey());
        if (jdbc.update("INSERT INTO merkle_checkpoint_note (tree_size, origin, note) VALUES (?, ?, ?) "
                + "ON CONFLICT (tree_size) DO NOTHING", checkpoint.treeSize(), origin(), note) == 1) {
            events.publishEvent(new NoteSigned(checkpoint.treeSize()));
        }
    }

    /** A checkpoint's note was signed and stored (what witnesses are then asked to cosign). */
    public record NoteSigned(long treeSize) {}

    /** The newest note signed: its tree size and text. */
    public Optional<Map.Entry<Long, String>> newestNote() {
        return jdbc.query("SELECT tree_size, note FROM merkle_checkpoint_note ORDER BY tree_size DESC LIMIT 1",
                (rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).stream().findFirst();
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
