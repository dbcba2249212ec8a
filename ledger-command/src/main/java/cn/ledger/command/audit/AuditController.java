package cn.ledger.command.audit;

import cn.ledger.security.web.NotFound;
import cn.ledger.contract.EventCodec;
import cn.ledger.contract.EventTypes;
import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.contract.audit.StoredEvent;
import cn.ledger.security.web.Cursor;
import cn.ledger.security.web.RequestParams;
import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What auditors read: every event with its full metadata, the state of a stream at a point in time
 * straight from the event store, and the Merkle log's signed checkpoints, proofs and export.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Verifiable history: events, point-in-time state, Merkle checkpoints and proofs")
public class AuditController {

    private static final int MAX_PAGE = 1000;

    private final StoredEvents events;
    private final MerkleLog merkleLog;
    private final CheckpointIssuer checkpoints;
    private final SigningKey key;

    private final Witnesses witnesses;

    public AuditController(StoredEvents events, MerkleLog merkleLog, CheckpointIssuer checkpoints, SigningKey key,
            Witnesses witnesses) {
        this.witnesses = witnesses;
        this.events = events;
        this.merkleLog = merkleLog;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** An event as auditors see it: where it is, who recorded it and when, when it took effect, and what it says. */
    public record HistoryEvent(long globalIndex, Long leafIndex, String eventId, String streamId, String aggregateType,
            long sequence, String type, String payloadType, String recordedAt, String recordedBy,
            String correlationId, LocalDate effectiveDate, Object payload, Object metaData) {}

    /**
     * A page of events; {@code next} is the cursor of the following page (null on the last), see {@link Cursor}.
     */
    public record Page(List<HistoryEvent> events, String next) {}

    @GetMapping("/events")
    @Operation(summary = "The whole ledger in global order, with full metadata, a page at a time (limit, cursor → next)")
    public Page ledger(@Parameter(description = "the next of the page before; absent for the first page")
            @RequestParam(required = false) String cursor,
            @Parameter(description = "at most 1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "deprecated: the global position to start at; use cursor", deprecated = true)
            @RequestParam(required = false) Long from, HttpServletResponse response) {
        RequestParams.limit(Cursor.LIMIT, limit, MAX_PAGE);
        if (from != null) {
            RequestParams.position("from", from);
        }
        long start = Cursor.position("audit-events", cursor, "from", from, 0);
        List<StoredEvents.Row> rows = events.fromPosition(start, page(limit));
        String next = rows.size() < page(limit) ? null
                : Cursor.of("audit-events", rows.get(rows.size() - 1).globalIndex() + 1);
        Cursor.linkNext(response, next, "from");
        return new Page(rows.stream().map(AuditController::history).toList(), next);
    }

    @GetMapping("/streams/{streamId}/events")
    @Operation(summary = "One stream's events in order, with full metadata, a page at a time (limit, cursor → next)")
    public Page stream(@PathVariable String streamId,
            @Parameter(description = "the next of the page before; absent for the first page")
            @RequestParam(required = false) String cursor,
            @Parameter(description = "at most 1000") @RequestParam(defaultValue = "100") int limit,
            @Parameter(description = "deprecated: the sequence to start at; use cursor", deprecated = true)
            @RequestParam(required = false) Long fromSequence, HttpServletResponse response) {
        RequestParams.id("streamId", streamId);
        RequestParams.limit(Cursor.LIMIT, limit, MAX_PAGE);
        if (fromSequence != null) {
            RequestParams.position("fromSequence", fromSequence);
        }
        long start = Cursor.position("audit-stream", cursor, "fromSequence", fromSequence, 0);
        List<StoredEvents.Row> rows = events.stream(streamId, start, page(limit));
        if (rows.isEmpty() && start == 0) {
            throw new NotFound("streamId", "no stream " + streamId);
        }
        String next = rows.size() < page(limit) ? null
                : Cursor.of("audit-stream", rows.get(rows.size() - 1).event().sequence() + 1);
        Cursor.linkNext(response, next, "fromSequence");
        return new Page(rows.stream().map(AuditController::history).toList(), next);
    }

    @GetMapping("/streams/{streamId}/state")
    @Operation(summary = "A cadre's or unit's state rebuilt from the event store alone, as recorded by a time and/or as effective on a date")
    public PointInTime.State state(@PathVariable String streamId,
            @Parameter(description = "only events recorded by then (ISO instant)") @RequestParam(required = false) Instant recordedAt,
            @Parameter(description = "only events effective on or before this date") @RequestParam(required = false) LocalDate effectiveOn) {
        RequestParams.id("streamId", streamId);
        RequestParams.instant("recordedAt", recordedAt);
        RequestParams.date("effectiveOn", effectiveOn);
        List<HistoryEvent> all = new ArrayList<>();
        long from = 0;
        while (true) {
            List<StoredEvents.Row> rows = events.stream(streamId, from, MAX_PAGE);
            rows.stream().map(AuditController::history).forEach(all::add);
            if (rows.size() < MAX_PAGE) {
                break;
            }
            from = rows.get(rows.size() - 1).event().sequence() + 1;
        }
        if (all.isEmpty()) {
            throw new NotFound("streamId", "no stream " + streamId);
        }
        return PointInTime.replay(streamId, all, recordedAt, effectiveOn);
    }

    /**
     * A checkpoint: the project's own signed text (v1) and, as {@code note}, the same size and root as a C2SP
     * tlog-checkpoint signed note of {@code origin}, checked with {@code verifierKey}.
     */
    public record CheckpointView(long treeSize, String rootHash, Instant issuedAt, String keyId, String signature,
            String signedText, String publicKey, String origin, String note, String verifierKey,
            List<Witnesses.Cosigned> cosignatures) {}

    @GetMapping("/checkpoint")
    @Operation(summary = "The latest signed checkpoint of the Merkle log (Ed25519 over signedText)")
    public CheckpointView checkpoint(@Parameter(description = "a given tree size instead of the latest")
            @RequestParam(required = false) Long treeSize) {
        if (treeSize != null) {
            RequestParams.position("treeSize", treeSize);
        }
        Checkpoint c = (treeSize == null ? checkpoints.issue() : checkpoints.at(treeSize))
                .orElseThrow(() -> new NotFound("treeSize", treeSize == null ? "the log is empty"
                        : "no checkpoint of size " + treeSize));
        return view(c);
    }

    @GetMapping(value = "/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The latest checkpoint as a C2SP tlog-checkpoint signed note (Accept: text/plain)")
    public ResponseEntity<String> checkpointNote() {
        return TransparencyLogController.note(witnesses);
    }

    @GetMapping("/checkpoints")
    @Operation(summary = "Every checkpoint issued")
    public List<CheckpointView> allCheckpoints() {
        return checkpoints.all().stream().map(c -> view(c, false)).toList();
    }

    @GetMapping("/public-keys")
    @Operation(summary = "The public keys (X.509 SubjectPublicKeyInfo, base64) that sign checkpoints, by key id")
    public Map<String, String> publicKeys() {
        return checkpoints.publicKeys();
    }

    public record Inclusion(String eventId, long leafIndex, long treeSize, String leafHash, List<String> path,
            String rootHash) {}

    @GetMapping("/proofs/inclusion")
    @Operation(summary = "An audit path proving that an event is in the tree of a given size")
    public Inclusion inclusion(@RequestParam String eventId, @RequestParam long treeSize) {
        RequestParams.id("eventId", eventId);
        RequestParams.position("treeSize", treeSize);
        StoredEvents.Row row = events.byEventId(eventId).filter(r -> r.leafIndex() != null)
                .orElseThrow(() -> new NotFound("eventId", "no logged event " + eventId));
        long size = merkleLog.size();
        if (treeSize <= row.leafIndex() || treeSize > size) {
            throw new NotFound("treeSize", "event " + eventId + " is leaf " + row.leafIndex()
                    + "; tree sizes " + (row.leafIndex() + 1) + " to " + size + " contain it");
        }
        MerkleLog.Inclusion inclusion = merkleLog.inclusion(row.leafIndex(), treeSize);
        return new Inclusion(eventId, row.leafIndex(), treeSize, MerkleTree.hex(inclusion.leafHash()),
                hex(inclusion.proof()), MerkleTree.hex(inclusion.root()));
    }

    public record Consistency(long from, long to, String fromRoot, String toRoot, List<String> proof) {}

    @GetMapping("/proofs/consistency")
    @Operation(summary = "A proof that the tree of size `from` is a prefix of the tree of size `to`")
    public Consistency consistency(@RequestParam long from, @RequestParam long to) {
        long size = merkleLog.size();
        if (from < 1 || from > to || to > size) {
            throw new NotFound("to", "sizes must satisfy 1 ≤ from ≤ to ≤ " + size);
        }
        return new Consistency(from, to, MerkleTree.hex(merkleLog.root(from)), MerkleTree.hex(merkleLog.root(to)),
                hex(merkleLog.consistencyProof(from, to)));
    }

    /** One logged event in an export: its stored columns byte for byte, and the leaf hash the log holds for it. */
    public record ExportedEvent(long leafIndex, long globalIndex, String eventId, String streamId, long sequence,
            String aggregateType, String timestamp, String payloadType, String payloadRevision, String payload,
            String metaData, String leafHash) {}

    public record Export(long treeSize, CheckpointView checkpoint, List<ExportedEvent> events) {}

    /** Leaves read from the store at once while an export is written. */
    private static final int EXPORT_PAGE = 1000;

    @GetMapping(value = "/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The logged history up to a checkpoint, for the offline verifier (ledger-verify); written "
            + "as it is read, a page of events at a time", responses = @ApiResponse(responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Export.class))))
    public void export(@Parameter(description = "the size of a checkpoint; the latest by default")
            @RequestParam(required = false) Long treeSize, HttpServletResponse response) throws IOException {
        CheckpointView checkpoint = checkpoint(treeSize);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // written here, as read: neither the service nor an async timeout holds the whole history
        try (JsonGenerator json = EventCodec.mapper().getFactory().createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeNumberField("treeSize", checkpoint.treeSize());
            json.writeFieldName("checkpoint");
            EventCodec.mapper().writeValue(json, checkpoint);
            json.writeArrayFieldStart("events");
            for (long from = 0; from < checkpoint.treeSize(); from += EXPORT_PAGE) {
                for (StoredEvents.Row row : events.logged(from, Math.min(checkpoint.treeSize(), from + EXPORT_PAGE))) {
                    StoredEvent e = row.event();
                    EventCodec.mapper().writeValue(json, new ExportedEvent(row.leafIndex(), row.globalIndex(),
                            e.eventId(), e.aggregateId(), e.sequence(), e.aggregateType(), e.timestamp(),
                            e.payloadType(), e.payloadRevision(), base64(e.payload()), base64(e.metaData()),
                            MerkleTree.hex(row.leafHash())));
                }
                json.flush();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    public record StreamExport(String streamId, long treeSize, List<ExportedEvent> events) {}

    @GetMapping("/streams/{streamId}/export")
    @Operation(summary = "One stream's logged events up to a tree size, byte for byte with the leaf hash the log "
            + "holds for each: what a browser or script needs to recompute the leaves and check them against a "
            + "checkpoint with inclusion proofs")
    public StreamExport streamExport(@PathVariable String streamId,
            @Parameter(description = "the size of a checkpoint") @RequestParam long treeSize) {
        RequestParams.id("streamId", streamId);
        long size = merkleLog.size();
        if (treeSize < 1 || treeSize > size) {
            throw new NotFound("treeSize", "tree sizes 1 to " + size + " exist");
        }
        List<ExportedEvent> exported = new ArrayList<>();
        long from = 0;
        while (true) {
            List<StoredEvents.Row> rows = events.stream(streamId, from, MAX_PAGE);
            for (StoredEvents.Row row : rows) {
                if (row.leafIndex() != null && row.leafIndex() < treeSize) {
                    StoredEvent e = row.event();
                    exported.add(new ExportedEvent(row.leafIndex(), row.globalIndex(), e.eventId(), e.aggregateId(),
                            e.sequence(), e.aggregateType(), e.timestamp(), e.payloadType(), e.payloadRevision(),
                            base64(e.payload()), base64(e.metaData()),
                            MerkleTree.hex(row.leafHash())));
                }
            }
            if (rows.size() < MAX_PAGE) {
                if (from == 0 && rows.isEmpty()) {
                    throw new NotFound("streamId", "no stream " + streamId);
                }
                break;
            }
            from = rows.get(rows.size() - 1).event().sequence() + 1;
        }
        return new StreamExport(streamId, treeSize, exported);
    }

    private CheckpointView view(Checkpoint c) {
        return view(c, true);
    }

    /** A checkpoint's view; with {@code signNote}, a checkpoint issued before notes is given its note now. */
    private CheckpointView view(Checkpoint c, boolean signNote) {
        return new CheckpointView(c.treeSize(), c.rootHash(), c.issuedAt(), c.keyId(), c.signature(), c.signedText(),
                checkpoints.publicKeys().getOrDefault(c.keyId(), key.publicKeyBase64()), checkpoints.origin(),
                (signNote ? checkpoints.noteOf(c) : checkpoints.note(c.treeSize())).orElse(null),
                checkpoints.verifierKey(), witnesses.cosignatures(c.treeSize()));
    }

    static HistoryEvent history(StoredEvents.Row row) {
        StoredEvent e = row.event();
        JsonNode payload = json(e.payload());
        JsonNode meta = json(e.metaData());
        String type;
        try {
            type = EventTypes.nameOf(Class.forName(e.payloadType()));
        } catch (ClassNotFoundException | RuntimeException unknown) {
            type = e.payloadType();
        }
        LocalDate effective = payload.hasNonNull("effectiveDate") ? LocalDate.parse(payload.get("effectiveDate").asText())
                : null;
        return new HistoryEvent(row.globalIndex(), row.leafIndex(), e.eventId(), e.aggregateId(), e.aggregateType(),
                e.sequence(), type, e.payloadType(), e.timestamp(), text(meta, "recordedBy"), text(meta, "correlationId"),
                effective, plain(payload), plain(meta));
    }

    private static JsonNode json(byte[] bytes) {
        if (bytes == null) {
            return EventCodec.mapper().nullNode();
        }
        try {
            return EventCodec.mapper().readTree(bytes);
        } catch (IOException e) {
            ObjectNode unreadable = EventCodec.mapper().createObjectNode();
            unreadable.put("unreadable", base64(bytes));
            return unreadable;
        }
    }

    /** JSON as plain maps and lists, which the web layer writes whatever JSON library it uses. */
    static Object plain(JsonNode node) {
        return EventCodec.mapper().convertValue(node, Object.class);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleTree::hex).toList();
    }

    private static int page(int limit) {
        return Math.max(1, Math.min(limit, MAX_PAGE));
    }
}
