package cn.ledger.command.audit;

import cn.ledger.contract.audit.StoredEvent;
import cn.ledger.contract.audit.Tiles;
import cn.ledger.security.web.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Merkle log as a C2SP tiled transparency log under {@code /api/v1/audit/log}: {@code checkpoint}
 * (a tlog-checkpoint signed note), {@code tile/<L>/<N>[.p/<W>]} (hash tiles of height 8) and
 * {@code tile/entries/<N>[.p/<W>]} (the leaves: each event's canonical bytes, {@link StoredEvent#leaf()}),
 * and the note verifier key — what Go's {@code golang.org/x/mod/sumdb/tlog} and {@code note} read.
 */
@RestController
@RequestMapping("/api/v1/audit/log")
@Tag(name = "audit", description = "Verifiable history: events, point-in-time state, Merkle checkpoints and proofs")
public class TransparencyLogController {

    private static final MediaType TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);
    /** Partial tiles are replaced by wider ones as the log grows. */
    private static final CacheControl PARTIAL = CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic();
    private static final CacheControl PARTIAL_ENTRIES = CacheControl.maxAge(Duration.ofSeconds(10)).cachePrivate();

    private final MerkleLog merkleLog;
    private final CheckpointIssuer checkpoints;
    private final StoredEvents events;
    private final Witnesses witnesses;

    public TransparencyLogController(MerkleLog merkleLog, CheckpointIssuer checkpoints, StoredEvents events,
            Witnesses witnesses) {
        this.witnesses = witnesses;
        this.merkleLog = merkleLog;
        this.checkpoints = checkpoints;
        this.events = events;
    }

    @GetMapping(value = "/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The latest checkpoint as a C2SP tlog-checkpoint signed note (origin, size, base64 root, "
            + "Ed25519 signature); with witnesses configured, the newest one they cosigned, with their cosignature lines")
    public ResponseEntity<String> checkpoint() {
        return note(witnesses);
    }

    static ResponseEntity<String> note(Witnesses witnesses) {
        String note = witnesses.servedNote().orElseThrow(() -> new NotFound("the log is empty"));
        return ResponseEntity.ok().contentType(TEXT).cacheControl(CacheControl.noCache()).body(note);
    }

    @GetMapping(value = "/verifier-key", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The signed-note verifier key of the checkpoints: <origin>+<key hash>+<base64(0x01‖Ed25519 key)>")
    public ResponseEntity<String> verifierKey() {
        return ResponseEntity.ok().contentType(TEXT).body(checkpoints.verifierKey() + "\n");
    }

    @GetMapping(value = "/tile/{*path}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "A tile of the log: tile/<L>/<N>[.p/<W>] (W hashes of 32 bytes) or tile/entries/<N>[.p/<W>] "
            + "(W entries, each a 2-byte big-endian length and the event's leaf bytes); full tiles never change")
    public ResponseEntity<byte[]> tile(@Parameter(description = "the tile's path after tile/, e.g. 0/x001/234.p/7")
            @PathVariable String path) {
        Tiles.Tile tile = Tiles.parse("tile" + path)
                .orElseThrow(() -> new NotFound("path", "no tile tile" + path + ": paths are tile/<L>/<N>[.p/<W>] or "
                        + "tile/entries/<N>[.p/<W>], N in 3-digit groups (x-prefixed but the last), W 1 to 255"));
        byte[] body = tile.entries() ? entries(tile) : merkleLog.tile(tile.level(), tile.index(), tile.width())
                .orElseThrow(() -> absent(tile));
        // entries hold the events themselves: cached by the auditor's own client only
        CacheControl cache = tile.entries()
                ? (tile.full() ? CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable() : PARTIAL_ENTRIES)
                : tile.full() ? CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable() : PARTIAL;
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).cacheControl(cache).body(body);
    }

    private byte[] entries(Tiles.Tile tile) {
        long from = tile.index() * Tiles.WIDTH;
        if (merkleLog.size() < from + tile.width()) {
            throw absent(tile);
        }
        List<byte[]> leaves = new ArrayList<>();
        for (StoredEvents.Row row : events.logged(from, from + tile.width())) {
            byte[] leaf = row.event().leaf();
            if (leaf.length > Tiles.MAX_ENTRY) {
                throw new NotFound("path", "leaf " + row.leafIndex() + " (event " + row.event().eventId() + ") is "
                        + leaf.length + " bytes, over the " + Tiles.MAX_ENTRY + " an entry bundle can hold: read it in "
                        + "/api/v1/audit/export");
            }
            leaves.add(leaf);
        }
        if (leaves.size() != tile.width()) {
            throw new NotFound("path", "the log has " + merkleLog.size() + " leaves but the event store holds only "
                    + leaves.size() + " of the events of leaves " + from + " to " + (from + tile.width() - 1));
        }
        return Tiles.bundle(leaves);
    }

    private NotFound absent(Tiles.Tile tile) {
        return new NotFound("path", "the log of " + merkleLog.size() + " leaves has no " + tile.path());
    }
}
