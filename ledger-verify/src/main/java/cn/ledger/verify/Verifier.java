package cn.ledger.verify;

import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks an exported history against a signed checkpoint, trusting nothing the service says about
 * itself: every leaf hash is recomputed from the stored bytes, the tree root from the leaves, and the
 * checkpoint's Ed25519 signature with a public key the auditor holds.
 */
public final class Verifier {

    /** The outcome: ok, and what was checked or what failed. */
    public record Report(boolean ok, List<String> lines) {
        @Override
        public String toString() {
            return String.join("\n", lines);
        }
    }

    private Verifier() {}

    /**
     * @param export     the service's export (GET /api/v1/audit/export)
     * @param trusted    a checkpoint the auditor kept (GET /api/v1/audit/checkpoint), or null for the export's own
     * @param publicKey  the signing key (X.509, base64) the auditor trusts, or null to take the trusted checkpoint's
     */
    public static Report verify(JsonNode export, JsonNode trusted, String publicKey) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        JsonNode pinned = trusted != null ? trusted : export.path("checkpoint");
        String key = publicKey != null ? publicKey : pinned.path("publicKey").asText(null);
        if (key == null) {
            return new Report(false, List.of("FAIL: no public key to check the checkpoint with"));
        }
        Checkpoint checkpoint = checkpoint(pinned);
        if (!checkpoint.verify(key)) {
            failures.add("checkpoint of size " + checkpoint.treeSize() + " is not signed by key "
                    + Checkpoint.keyId(Base64.getDecoder().decode(key)) + " (or was altered)");
        } else {
            lines.add("checkpoint of size " + checkpoint.treeSize() + " issued " + checkpoint.issuedAt()
                    + ": signature valid (key " + checkpoint.keyId() + ")");
        }

        List<byte[]> leaves = new ArrayList<>();
        int altered = 0;
        for (JsonNode e : export.path("events")) {
            long leafIndex = e.path("leafIndex").asLong();
            if (leafIndex != leaves.size()) {
                failures.add("the export skips or repeats leaf " + leaves.size() + " (found leaf " + leafIndex + ")");
                break;
            }
            StoredEvent stored = new StoredEvent(e.path("eventId").asText(), e.path("streamId").asText(),
                    e.path("sequence").asLong(), e.path("aggregateType").asText(null), e.path("timestamp").asText(null),
                    e.path("payloadType").asText(null), e.path("payloadRevision").asText(null),
                    bytes(e.path("payload")), bytes(e.path("metaData")));
            byte[] recomputed = stored.leafHash();
            String logged = e.path("leafHash").asText();
            if (!MerkleTree.hex(recomputed).equals(logged)) {
                altered++;
                failures.add("event " + stored.eventId() + " (stream " + stored.aggregateId() + ", sequence "
                        + stored.sequence() + ", leaf " + leafIndex + "): its stored bytes no longer hash to the leaf "
                        + "logged when it was committed");
            }
            leaves.add(recomputed);
        }
        lines.add(leaves.size() + " events read from the export, " + altered + " altered");

        if (checkpoint.treeSize() > leaves.size()) {
            failures.add("the export holds " + leaves.size() + " events, fewer than the checkpoint's "
                    + checkpoint.treeSize());
        } else {
            String root = MerkleTree.hex(MerkleTree.root(leaves, checkpoint.treeSize()));
            if (!root.equals(checkpoint.rootHash())) {
                failures.add("the first " + checkpoint.treeSize() + " events do not give the checkpoint's root "
                        + checkpoint.rootHash() + " but " + root + ": history before the checkpoint was altered, "
                        + "removed or reordered");
            } else {
                lines.add("root of the first " + checkpoint.treeSize() + " events matches the checkpoint: " + root);
            }
        }
        JsonNode latest = export.path("checkpoint");
        if (trusted != null && latest.has("treeSize") && latest.path("treeSize").asLong() != checkpoint.treeSize()) {
            Checkpoint newer = checkpoint(latest);
            if (newer.treeSize() <= leaves.size() && newer.verify(key)
                    && MerkleTree.hex(MerkleTree.root(leaves, newer.treeSize())).equals(newer.rootHash())) {
                lines.add("the export's checkpoint of size " + newer.treeSize()
                        + " is signed and extends the kept one: nothing before it was changed");
            } else {
                failures.add("the export's checkpoint of size " + newer.treeSize()
                        + " does not verify against the exported events");
            }
        }
        List<String> all = new ArrayList<>(lines);
        failures.forEach(f -> all.add("FAIL: " + f));
        all.add(failures.isEmpty() ? "OK" : "FAILED (" + failures.size() + " problem" + (failures.size() == 1 ? "" : "s") + ")");
        return new Report(failures.isEmpty(), all);
    }

    private static Checkpoint checkpoint(JsonNode node) {
        return new Checkpoint(node.path("treeSize").asLong(), node.path("rootHash").asText(),
                Instant.parse(node.path("issuedAt").asText()), node.path("keyId").asText(), node.path("signature").asText());
    }

    private static byte[] bytes(JsonNode base64) {
        return base64.isNull() || base64.isMissingNode() ? null : Base64.getDecoder().decode(base64.asText());
    }
}
