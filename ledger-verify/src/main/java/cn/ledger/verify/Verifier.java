package cn.ledger.verify;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.StoredEvent;
import cn.ledger.contract.audit.TreeBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Checks an exported history against a signed checkpoint, trusting nothing the service says about
 * itself: every leaf hash is recomputed from the stored bytes, the tree root from the leaves, and the
 * checkpoint's Ed25519 signature with a public key the auditor holds. The export is read as a stream,
 * one event at a time, and the tree is built in bounded memory ({@link TreeBuilder}): the history's
 * size does not matter.
 */
public final class Verifier {

    /** Altered events named one by one, at most; beyond, counted. */
    static final int MAX_NAMED = 100;

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
        try (JsonParser parser = export.traverse(EventCodec.mapper())) {
            return verify(parser, trusted, publicKey, count -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #verify(JsonNode, JsonNode, String)}, reading the export from a stream; told the count of events read. */
    public static Report verify(InputStream export, JsonNode trusted, String publicKey, LongConsumer progress)
            throws IOException {
        try (JsonParser parser = EventCodec.mapper().createParser(export)) {
            return verify(parser, trusted, publicKey, progress);
        }
    }

    private static Report verify(JsonParser parser, JsonNode trusted, String publicKey, LongConsumer progress)
            throws IOException {
        Check check = new Check(trusted, publicKey);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("the export is not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("checkpoint".equals(field)) {
                check.latest(parser.readValueAsTree());
            } else if ("events".equals(field) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    if (!check.event(parser.readValueAsTree())) {
                        break;
                    }
                    progress.accept(check.tree.size());
                }
                while (parser.currentToken() != JsonToken.END_ARRAY && parser.currentToken() != null) {
                    parser.skipChildren();
                    parser.nextToken();
                }
            } else {
                parser.skipChildren();
            }
        }
        return check.report();
    }

    /** The state of one verification: the tree so far, the roots seen at the checkpoints' sizes, what failed. */
    private static final class Check {
        final List<String> lines = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final TreeBuilder tree = new TreeBuilder(full -> {});
        final JsonNode trusted;
        final String publicKey;
        Checkpoint pinned;
        String key;
        Checkpoint latest;
        String pinnedRoot;
        String latestRoot;
        long altered;
        String firstAltered;

        Check(JsonNode trusted, String publicKey) {
            this.trusted = trusted;
            this.publicKey = publicKey;
            if (trusted != null) {
                pin(trusted);
            }
        }

        private void pin(JsonNode node) {
            key = publicKey != null ? publicKey : node.path("publicKey").asText(null);
            pinned = checkpoint(node);
            if (key == null) {
                failures.add("no public key to check the checkpoint with");
            } else if (!pinned.verify(key)) {
                failures.add("checkpoint of size " + pinned.treeSize() + " is not signed by key "
                        + Checkpoint.keyId(Base64.getDecoder().decode(key)) + " (or was altered)");
            } else {
                lines.add("checkpoint of size " + pinned.treeSize() + " issued " + pinned.issuedAt()
                        + ": signature valid (key " + pinned.keyId() + ")");
            }
        }

        void latest(JsonNode node) {
            if (!node.has("treeSize")) {
                return;
            }
            latest = checkpoint(node);
            if (pinned == null) {
                pin(node);
            }
        }

        /** Takes one exported event; false when the export cannot be read further. */
        boolean event(JsonNode e) {
            long leafIndex = e.path("leafIndex").asLong();
            if (leafIndex != tree.size()) {
                failures.add("the export skips or repeats leaf " + tree.size() + " (found leaf " + leafIndex + ")");
                return false;
            }
            StoredEvent stored = new StoredEvent(e.path("eventId").asText(), e.path("streamId").asText(),
                    e.path("sequence").asLong(), e.path("aggregateType").asText(null), e.path("timestamp").asText(null),
                    e.path("payloadType").asText(null), e.path("payloadRevision").asText(null),
                    bytes(e.path("payload")), bytes(e.path("metaData")));
            byte[] recomputed = stored.leafHash();
            if (!MerkleTree.hex(recomputed).equals(e.path("leafHash").asText())) {
                String named = "event " + stored.eventId() + " (stream " + stored.aggregateId() + ", sequence "
                        + stored.sequence() + ", leaf " + leafIndex + ")";
                if (altered++ == 0) {
                    firstAltered = named;
                }
                if (altered <= MAX_NAMED) {
                    failures.add(named + ": its stored bytes no longer hash to the leaf logged when it was committed");
                }
            }
            tree.add(recomputed);
            if (pinned != null && tree.size() == pinned.treeSize()) {
                pinnedRoot = MerkleTree.hex(tree.root());
            }
            if (latest != null && tree.size() == latest.treeSize()) {
                latestRoot = MerkleTree.hex(tree.root());
            }
            return true;
        }

        Report report() {
            if (pinned == null) {
                return new Report(false, List.of("FAIL: the export holds no checkpoint and none was given"));
            }
            // a checkpoint read after the events (the server writes it first) is of the export's size
            if (pinnedRoot == null && pinned.treeSize() == tree.size()) {
                pinnedRoot = MerkleTree.hex(tree.root());
            }
            if (latest != null && latestRoot == null && latest.treeSize() == tree.size()) {
                latestRoot = MerkleTree.hex(tree.root());
            }
            if (altered > MAX_NAMED) {
                failures.add((altered - MAX_NAMED) + " more altered events (the first " + MAX_NAMED + " are named)");
            }
            lines.add(tree.size() + " events read from the export, " + altered + " altered"
                    + (firstAltered == null ? "" : "; the first: " + firstAltered));
            if (pinnedRoot == null) {
                failures.add("the export holds " + tree.size() + " events, fewer than the checkpoint's "
                        + pinned.treeSize());
            } else if (!pinnedRoot.equals(pinned.rootHash())) {
                failures.add("the first " + pinned.treeSize() + " events do not give the checkpoint's root "
                        + pinned.rootHash() + " but " + pinnedRoot + ": history before the checkpoint was altered, "
                        + "removed or reordered");
            } else {
                lines.add("root of the first " + pinned.treeSize() + " events matches the checkpoint: " + pinnedRoot);
            }
            if (trusted != null && latest != null && latest.treeSize() != pinned.treeSize()) {
                if (latestRoot != null && key != null && latest.verify(key) && latestRoot.equals(latest.rootHash())) {
                    lines.add("the export's checkpoint of size " + latest.treeSize()
                            + " is signed and extends the kept one: nothing before it was changed");
                } else {
                    failures.add("the export's checkpoint of size " + latest.treeSize()
                            + " does not verify against the exported events");
                }
            }
            List<String> all = new ArrayList<>(lines);
            failures.forEach(f -> all.add("FAIL: " + f));
            all.add(failures.isEmpty() ? "OK"
                    : "FAILED (" + failures.size() + " problem" + (failures.size() == 1 ? "" : "s") + ")");
            return new Report(failures.isEmpty(), all);
        }
    }

    private static Checkpoint checkpoint(JsonNode node) {
        return new Checkpoint(node.path("treeSize").asLong(), node.path("rootHash").asText(),
                Instant.parse(node.path("issuedAt").asText()), node.path("keyId").asText(), node.path("signature").asText());
    }

    private static byte[] bytes(JsonNode base64) {
        return base64.isNull() || base64.isMissingNode() ? null : Base64.getDecoder().decode(base64.asText());
    }
}
