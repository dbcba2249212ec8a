package cn.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline verifier on exports and checkpoints made here, untouched and then tampered with in each way
 * an auditor must catch: every tampering fails the verification with a line naming what is wrong.
 */
class VerifierTest {

    private static final Instant ISSUED = Instant.parse("2026-11-22T08:00:00Z");

    private KeyPair key;
    private KeyPair otherKey;
    private String publicKey;

    @BeforeEach
    void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        key = generator.generateKeyPair();
        otherKey = generator.generateKeyPair();
        publicKey = base64(key.getPublic().getEncoded());
    }

    @Test
    void anUntouchedHistoryVerifies() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        Verifier.Report report = Verifier.verify(export, checkpointOf(export), publicKey);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.toString()).contains("signature valid", "6 events read from the export, 0 altered",
                "root of the first 6 events matches the checkpoint").endsWith("OK");
    }

    @Test
    void aKeptCheckpointOfAPrefixVerifiesAgainstALongerExport() {
        List<StoredEvent> events = events("c-wang", 9);
        JsonNode kept = checkpointOf(export(events, key, 5));
        ObjectNode later = export(events, key, 9);
        Verifier.Report report = Verifier.verify(later, kept, publicKey);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.toString()).contains("checkpoint of size 9 is signed and extends the kept one");
    }

    @Test
    void anAlteredEventIsNamed() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        JsonNode kept = checkpointOf(export);
        ObjectNode third = (ObjectNode) export.path("events").get(2);
        third.put("payload", base64("{\"points\":9}".getBytes(StandardCharsets.UTF_8)));
        Verifier.Report report = Verifier.verify(export, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: event e-c-wang-2 (stream c-wang, sequence 2, leaf 2): its stored "
                + "bytes no longer hash to the leaf logged when it was committed", "1 altered");
    }

    @Test
    void anAlteredLeafHashIsNamed() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        JsonNode kept = checkpointOf(export);
        ObjectNode fourth = (ObjectNode) export.path("events").get(3);
        fourth.put("leafHash", MerkleTree.hex(MerkleTree.leafHash(new byte[] {1})));
        Verifier.Report report = Verifier.verify(export, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: event e-c-wang-3 (stream c-wang, sequence 3, leaf 3)");
    }

    @Test
    void anEventRewrittenWithItsLeafRecomputedBreaksTheRoot() {
        List<StoredEvent> events = events("c-wang", 6);
        JsonNode kept = checkpointOf(export(events, key, 6));
        List<StoredEvent> rewritten = new ArrayList<>(events);
        StoredEvent e = events.get(1);
        rewritten.set(1, new StoredEvent(e.eventId(), e.aggregateId(), e.sequence(), e.aggregateType(), e.timestamp(),
                e.payloadType(), e.payloadRevision(), "{\"points\":0}".getBytes(StandardCharsets.UTF_8), e.metaData()));
        Verifier.Report report = Verifier.verify(export(rewritten, key, 6), kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("0 altered", "FAIL: the first 6 events do not give the checkpoint's root "
                + kept.path("rootHash").asText());
    }

    @Test
    void aTruncatedExportIsNamed() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        JsonNode kept = checkpointOf(export);
        ArrayNode events = (ArrayNode) export.path("events");
        events.remove(5);
        events.remove(4);
        Verifier.Report report = Verifier.verify(export, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: the export holds 4 events, fewer than the checkpoint's 6");
    }

    @Test
    void anEventCutOutOfTheMiddleIsNamed() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        JsonNode kept = checkpointOf(export);
        ((ArrayNode) export.path("events")).remove(2);
        Verifier.Report report = Verifier.verify(export, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: the export skips or repeats leaf 2 (found leaf 3)");
    }

    @Test
    void aReorderedExportIsNamed() {
        List<StoredEvent> events = events("c-wang", 6);
        JsonNode kept = checkpointOf(export(events, key, 6));
        // Two events swapped and numbered again, each with its own correct leaf hash: only the root shows it.
        List<StoredEvent> swapped = new ArrayList<>(events);
        swapped.set(1, events.get(4));
        swapped.set(4, events.get(1));
        Verifier.Report renumbered = Verifier.verify(export(swapped, key, 6), kept, publicKey);
        assertThat(renumbered.ok()).isFalse();
        assertThat(renumbered.toString()).contains("0 altered", "FAIL: the first 6 events do not give the checkpoint's "
                + "root", "altered, removed or reordered");

        // Swapped with their leaf indexes as they were: the numbering shows it.
        ObjectNode export = export(events, key, 6);
        ArrayNode array = (ArrayNode) export.path("events");
        JsonNode second = array.get(1);
        array.set(1, array.get(4));
        array.set(4, second);
        Verifier.Report moved = Verifier.verify(export, kept, publicKey);
        assertThat(moved.ok()).isFalse();
        assertThat(moved.toString()).contains("FAIL: the export skips or repeats leaf 1 (found leaf 4)");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRejected() {
        ObjectNode export = export(events("c-wang", 6), otherKey, 6);
        JsonNode forged = checkpointOf(export);
        Verifier.Report report = Verifier.verify(export, forged, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: checkpoint of size 6 is not signed by key "
                + Checkpoint.keyId(key.getPublic().getEncoded()));

        // The same root and size, signed by the other key but carrying the trusted key's id.
        Checkpoint genuine = checkpoint(export, key, 6);
        Checkpoint borrowedId = Checkpoint.sign(6, MerkleTree.unhex(genuine.rootHash()), ISSUED, genuine.keyId(),
                otherKey.getPrivate());
        Verifier.Report borrowed = Verifier.verify(export, json(borrowedId, publicKey), publicKey);
        assertThat(borrowed.ok()).isFalse();
        assertThat(borrowed.toString()).contains("FAIL: checkpoint of size 6 is not signed by key");
    }

    @Test
    void aCheckpointWithAnAlteredFieldIsRejected() {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        ObjectNode kept = (ObjectNode) checkpointOf(export).deepCopy();
        kept.put("issuedAt", "2026-11-23T08:00:00Z");
        Verifier.Report report = Verifier.verify(export, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: checkpoint of size 6 is not signed by key");
    }

    @Test
    void aCheckpointOfAnotherLogIsRejected() {
        ObjectNode ours = export(events("c-wang", 6), key, 6);
        // Signed by the same key, of the same size, over another history.
        JsonNode theirs = checkpointOf(export(events("c-li", 6), key, 6));
        Verifier.Report report = Verifier.verify(ours, theirs, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("signature valid", "FAIL: the first 6 events do not give the checkpoint's "
                + "root " + theirs.path("rootHash").asText());
    }

    @Test
    void anExportWhoseOwnCheckpointIsOfAnotherLogIsRejected() {
        List<StoredEvent> events = events("c-wang", 9);
        JsonNode kept = checkpointOf(export(events, key, 5));
        ObjectNode later = export(events, key, 9);
        later.set("checkpoint", checkpointOf(export(events("c-li", 9), key, 9)));
        Verifier.Report report = Verifier.verify(later, kept, publicKey);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("FAIL: the export's checkpoint of size 9 does not verify against the "
                + "exported events");
    }

    @Test
    void theCommandLineExitsOneAndPrintsTheProblem(@TempDir Path dir) throws Exception {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        Files.writeString(dir.resolve("kept.json"), checkpointOf(export).toString());
        Files.writeString(dir.resolve("key.txt"), publicKey + "\n");
        Files.writeString(dir.resolve("export.json"), export.toString());
        String[] args = {"--export", dir.resolve("export.json").toString(), "--checkpoint",
                dir.resolve("kept.json").toString(), "--public-key", "@" + dir.resolve("key.txt")};
        assertThat(runCapturing(args)).startsWith("0\n").endsWith("OK\n");

        ((ObjectNode) export.path("events").get(0)).put("metaData", base64("{\"by\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("export.json"), export.toString());
        assertThat(runCapturing(args)).startsWith("1\n").contains("FAIL: event e-c-wang-0 (stream c-wang, sequence 0, leaf 0)");

        String otherPublic = base64(otherKey.getPublic().getEncoded());
        args[5] = otherPublic;
        assertThat(runCapturing(args)).startsWith("1\n").contains("is not signed by key "
                + Checkpoint.keyId(otherKey.getPublic().getEncoded()));
    }

    @Test
    void aLargeExportIsReadAsAStreamAndEachAlteredEventNamedUpToALimit() throws Exception {
        List<StoredEvent> events = events("c-many", 3000);
        ObjectNode export = export(events, key, 3000);
        JsonNode kept = checkpointOf(export);
        for (int i = 500; i < 500 + Verifier.MAX_NAMED + 50; i++) {
            ((ObjectNode) export.path("events").get(i)).put("payload", base64(new byte[] {(byte) i}));
        }
        List<Long> told = new ArrayList<>();
        Verifier.Report report = Verifier.verify(new java.io.ByteArrayInputStream(export.toString()
                .getBytes(StandardCharsets.UTF_8)), kept, publicKey, told::add);
        assertThat(told).hasSize(3000).endsWith(3000L);
        assertThat(report.ok()).isFalse();
        assertThat(report.toString()).contains("3000 events read from the export, 150 altered; the first: event "
                + "e-c-many-500 (stream c-many, sequence 500, leaf 500)", "FAIL: event e-c-many-599 ",
                "FAIL: 50 more altered events (the first 100 are named)").doesNotContain("e-c-many-600 ");
    }

    @Test
    void theCommandLineReportsProgressOnStandardError(@TempDir Path dir) throws Exception {
        ObjectNode export = export(events("c-wang", 6), key, 6);
        Files.writeString(dir.resolve("export.json"), export.toString());
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            assertThat(runCapturing(new String[] {"--export", dir.resolve("export.json").toString()})).startsWith("0\n");
        } finally {
            System.setErr(err);
        }
        assertThat(errors.toString(StandardCharsets.UTF_8)).containsPattern("ledger-verify: 6 events read in [0-9.]+ s, "
                + "[0-9]+ events/s");
    }

    private static String runCapturing(String[] args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = LedgerVerify.run(args);
            return status + "\n" + captured.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
        }
    }

    /** n events of one stream, as the event store would hold them. */
    private static List<StoredEvent> events(String stream, int n) {
        List<StoredEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new StoredEvent("e-" + stream + "-" + i, stream, i, "Cadre", "2026-11-22T08:00:0" + i + "Z",
                    "cn.ledger.contract.event.NegativeEntryRecorded", i % 2 == 0 ? null : "2",
                    ("{\"points\":" + (i + 1) + "}").getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    /** The export the service would give: every event with its leaf index and leaf hash, and a checkpoint of treeSize. */
    private static ObjectNode export(List<StoredEvent> events, KeyPair signer, int treeSize) {
        ObjectNode export = EventCodec.mapper().createObjectNode();
        ArrayNode array = export.putArray("events");
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            ObjectNode node = array.addObject();
            node.put("leafIndex", i);
            node.put("eventId", e.eventId());
            node.put("streamId", e.aggregateId());
            node.put("sequence", e.sequence());
            node.put("aggregateType", e.aggregateType());
            node.put("timestamp", e.timestamp());
            node.put("payloadType", e.payloadType());
            node.put("payloadRevision", e.payloadRevision());
            node.put("payload", base64(e.payload()));
            node.put("metaData", base64(e.metaData()));
            node.put("leafHash", MerkleTree.hex(e.leafHash()));
        }
        export.put("treeSize", treeSize);
        export.set("checkpoint", json(checkpoint(export, signer, treeSize), base64(signer.getPublic().getEncoded())));
        return export;
    }

    private static Checkpoint checkpoint(ObjectNode export, KeyPair signer, int treeSize) {
        List<byte[]> leaves = new ArrayList<>();
        export.path("events").forEach(e -> leaves.add(MerkleTree.unhex(e.path("leafHash").asText())));
        return Checkpoint.sign(treeSize, MerkleTree.root(leaves, treeSize), ISSUED,
                Checkpoint.keyId(signer.getPublic().getEncoded()), signer.getPrivate());
    }

    private static JsonNode checkpointOf(ObjectNode export) {
        return export.path("checkpoint").deepCopy();
    }

    private static ObjectNode json(Checkpoint checkpoint, String publicKey) {
        ObjectNode node = EventCodec.mapper().createObjectNode();
        node.put("treeSize", checkpoint.treeSize());
        node.put("rootHash", checkpoint.rootHash());
        node.put("issuedAt", checkpoint.issuedAt().toString());
        node.put("keyId", checkpoint.keyId());
        node.put("signature", checkpoint.signature());
        node.put("publicKey", publicKey);
        return node;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
