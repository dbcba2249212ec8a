package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.MerkleTree;
import cn.ledger.verify.Verifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Merkle log over the event store: every event logged once, in commit order, under concurrent
 * commits; signed checkpoints, inclusion and consistency proofs that verify; the offline verifier passes
 * on an untouched history and names the event whose stored payload was altered in PostgreSQL.
 */
class AuditIT extends CommandServiceIT {

    @Test
    void historyIsLoggedProvedAndAnAlteredPayloadIsNamed() throws Exception {
        String unit = "au-" + UUID.randomUUID();
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"审计区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        String cadre = "au-c-" + UUID.randomUUID();
        assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + cadre + "\",\"name\":\"王审计\",\"unitId\":\"" + unit
                + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":\"一级主任科员\","
                + "\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":5,"
                + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        JsonNode entry = json(post("/api/v1/cadres/" + cadre + "/entries", "{\"polarity\":\"NEGATIVE\",\"aspect\":\"平安建设\","
                + "\"points\":1,\"summary\":\"督查发现问题\",\"effectiveDate\":\"2023-09-20\"}"));
        Instant betweenTheTwo = Instant.now();
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                .until(() -> Instant.now().isAfter(betweenTheTwo.plusMillis(1)));
        assertThat(post("/api/v1/cadres/" + cadre + "/entries/" + entry.path("id").asText() + "/revocation",
                "{\"reason\":\"录入错误\",\"effectiveDate\":\"2023-10-01\"}").statusCode()).isEqualTo(201);

        // History with full metadata, and the state at a point in time from the event store alone.
        JsonNode history = get("/api/v1/audit/streams/" + cadre + "/events");
        assertThat(history.path("events")).hasSize(3);
        assertThat(history.at("/events/1/recordedBy").asText()).isEqualTo("it-recorder");
        assertThat(history.at("/events/1/type").asText()).isEqualTo("cn.ledger.negative-entry-recorded.v1");
        assertThat(history.at("/events/1/effectiveDate").asText()).isEqualTo("2023-09-20");
        assertThat(history.at("/events/1/correlationId").asText()).isNotBlank();
        JsonNode before = get("/api/v1/audit/streams/" + cadre + "/state?recordedAt=" + betweenTheTwo);
        assertThat(before.path("inForce")).hasSize(1);
        assertThat(before.at("/profile/unitId").asText()).isEqualTo(unit);
        JsonNode after = get("/api/v1/audit/streams/" + cadre + "/state");
        assertThat(after.path("inForce")).isEmpty();
        assertThat(after.path("revoked")).hasSize(1);
        assertThat(get("/api/v1/audit/streams/" + cadre + "/state?effectiveOn=2023-09-30").path("inForce")).hasSize(1);
        assertThat(get("/api/v1/audit/events?from=0&limit=2").path("events")).hasSize(2);

        // Every stored event is logged; a checkpoint signs the log.
        long stored = storedEvents();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM merkle_leaf",
                Long.class) == storedEvents());
        JsonNode kept = get("/api/v1/audit/checkpoint");
        assertThat(kept.path("treeSize").asLong()).isGreaterThanOrEqualTo(stored);

        // The checkpoint is signed with the key this test configured, checked here without the service's code:
        // Ed25519 over the documented text, with the key the test holds.
        String pinned = Base64.getEncoder().encodeToString(AUDIT_KEY.getPublic().getEncoded());
        String pinnedId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(AUDIT_KEY.getPublic().getEncoded())).substring(0, 16);
        assertThat(kept.path("keyId").asText()).isEqualTo(pinnedId);
        assertThat(get("/api/v1/audit/public-keys").path(pinnedId).asText()).isEqualTo(pinned);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(AUDIT_KEY.getPublic());
        ed25519.update(("ledger.events checkpoint v1\n" + kept.path("treeSize").asLong() + "\n"
                + kept.path("rootHash").asText() + "\n" + kept.path("issuedAt").asText() + "\n" + pinnedId + "\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ed25519.verify(Base64.getDecoder().decode(kept.path("signature").asText()))).isTrue();

        String entryEvent = history.at("/events/1/eventId").asText();
        JsonNode inclusion = get("/api/v1/audit/proofs/inclusion?eventId=" + entryEvent + "&treeSize="
                + kept.path("treeSize").asLong());
        assertThat(MerkleTree.verifyInclusion(MerkleTree.unhex(inclusion.path("leafHash").asText()),
                inclusion.path("leafIndex").asLong(), kept.path("treeSize").asLong(), unhex(inclusion.path("path")),
                MerkleTree.unhex(kept.path("rootHash").asText()))).isTrue();

        // More history; the newer checkpoint extends the kept one.
        assertThat(post("/api/v1/cadres/" + cadre + "/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"项目双进\","
                + "\"points\":2,\"summary\":\"完成任务\",\"effectiveDate\":\"2023-10-20\"}").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/audit/checkpoint").path("treeSize").asLong()
                > kept.path("treeSize").asLong());
        JsonNode latest = get("/api/v1/audit/checkpoint");
        JsonNode consistency = get("/api/v1/audit/proofs/consistency?from=" + kept.path("treeSize").asLong() + "&to="
                + latest.path("treeSize").asLong());
        assertThat(MerkleTree.verifyConsistency(kept.path("treeSize").asLong(), latest.path("treeSize").asLong(),
                MerkleTree.unhex(kept.path("rootHash").asText()), MerkleTree.unhex(latest.path("rootHash").asText()),
                unhex(consistency.path("proof")))).isTrue();

        // The offline verifier: an untouched history verifies against the kept checkpoint...
        Verifier.Report untouched = Verifier.verify(get("/api/v1/audit/export"), kept, pinned);
        assertThat(untouched.ok()).as(untouched.toString()).isTrue();

        // ...a checkpoint of the same log signed by another key is rejected, whatever key id it claims...
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String otherPublic = Base64.getEncoder().encodeToString(other.getPublic().getEncoded());
        for (String claimedId : List.of(pinnedId, Checkpoint.keyId(other.getPublic().getEncoded()))) {
            Checkpoint forged = Checkpoint.sign(kept.path("treeSize").asLong(), MerkleTree.unhex(kept.path("rootHash")
                    .asText()), Instant.parse(kept.path("issuedAt").asText()), claimedId, other.getPrivate());
            ObjectNode forgedJson = ((ObjectNode) kept.deepCopy()).put("keyId", forged.keyId())
                    .put("signature", forged.signature()).put("publicKey", otherPublic);
            Verifier.Report report = Verifier.verify(get("/api/v1/audit/export"), forgedJson, pinned);
            assertThat(report.ok()).as(report.toString()).isFalse();
            assertThat(report.toString()).contains("FAIL: checkpoint of size " + kept.path("treeSize").asLong()
                    + " is not signed by key " + pinnedId);
        }
        // ...and so is the service's own checkpoint, checked with a key that is not the one configured.
        Verifier.Report wrongKey = Verifier.verify(get("/api/v1/audit/export"), kept, otherPublic);
        assertThat(wrongKey.ok()).isFalse();
        assertThat(wrongKey.toString()).contains("is not signed by key " + Checkpoint.keyId(other.getPublic().getEncoded()));

        // ...and one byte of one stored payload changed in PostgreSQL is found and named.
        jdbc.update("UPDATE domain_event_entry SET payload = set_byte(payload, 12, get_byte(payload, 12) # 1) "
                + "WHERE event_identifier = ?", entryEvent);
        Verifier.Report altered = Verifier.verify(get("/api/v1/audit/export"), kept, pinned);
        assertThat(altered.ok()).isFalse();
        assertThat(altered.toString()).contains("FAIL: event " + entryEvent + " (stream " + cadre + ", sequence 1");

        // The byte put back, the history verifies again.
        jdbc.update("UPDATE domain_event_entry SET payload = set_byte(payload, 12, get_byte(payload, 12) # 1) "
                + "WHERE event_identifier = ?", entryEvent);
        assertThat(Verifier.verify(get("/api/v1/audit/export"), kept, pinned).ok()).isTrue();
    }

    /** What one read of the event store saw: the events visible (committed), and when the read had returned. */
    private record Seen(long after, Set<String> units) {}

    @Test
    void concurrentCommitsAreEachLoggedExactlyOnceInCommitOrder() throws Exception {
        String prefix = "ac-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            // A reader of the event store notes which of these units' events are committed, again and again.
            CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
                while (loading.get()) {
                    Set<String> visible = new HashSet<>(jdbc.queryForList("SELECT aggregate_identifier FROM "
                            + "domain_event_entry WHERE aggregate_identifier LIKE ?", String.class, prefix + "%"));
                    seen.add(new Seen(System.nanoTime(), visible));
                }
            }, pool);
            List<CompletableFuture<Integer>> answers = IntStream.range(0, 120).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    String unit = prefix + i;
                    sentAt.put(unit, System.nanoTime());
                    return post("/api/v1/units", "{\"unitId\":\"" + unit
                            + "\",\"name\":\"并发\",\"category\":\"DISTRICT\",\"effectiveDate\":\"2023-01-01\"}").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool)).toList();
            assertThat(answers.stream().map(CompletableFuture::join)).containsOnly(201);
            loading.set(false);
            watcher.join();
        } finally {
            loading.set(false);
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM merkle_leaf", Long.class)).as(() -> "logged vs stored; not logged: " + jdbc.queryForList("""
                SELECT e.global_index || ' ' || e.tx_id || ' ' || e.aggregate_identifier FROM domain_event_entry e
                 WHERE NOT EXISTS (SELECT 1 FROM merkle_leaf l WHERE l.event_identifier = e.event_identifier)
                 ORDER BY e.global_index LIMIT 5""", String.class) + " activity " + jdbc.queryForList(
                "SELECT state || ' ' || coalesce(backend_xid::text,'-') || ' ' || left(query, 80) FROM pg_stat_activity WHERE datname = current_database()",
                String.class) + " tokens " + jdbc.queryForList("SELECT processor_name || ' ' || segment || ' ' || coalesce(owner,'') FROM token_entry", String.class) + " xmin " + jdbc.queryForObject(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", String.class)).isEqualTo(storedEvents()));
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry e
                 WHERE NOT EXISTS (SELECT 1 FROM merkle_leaf l WHERE l.event_identifier = e.event_identifier)""",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT max(leaf_index) + 1 - count(*) FROM merkle_leaf", Long.class)).isZero();
        JsonNode checkpoint = get("/api/v1/audit/checkpoint");
        Verifier.Report report = Verifier.verify(get("/api/v1/audit/export"), checkpoint,
                Base64.getEncoder().encodeToString(AUDIT_KEY.getPublic().getEncoded()));
        assertThat(report.ok()).as(report.toString()).isTrue();

        // Commit order: an event already committed when another command was sent is logged before that
        // command's event. Each read of the event store is compared with every command sent after it returned.
        Map<String, Long> leafOf = new HashMap<>();
        jdbc.query("SELECT e.aggregate_identifier, l.leaf_index FROM domain_event_entry e JOIN merkle_leaf l "
                + "ON l.event_identifier = e.event_identifier WHERE e.aggregate_identifier LIKE ?",
                row -> { leafOf.put(row.getString(1), row.getLong(2)); }, prefix + "%");
        assertThat(leafOf).hasSize(120);
        int comparisons = 0;
        for (Seen read : seen) {
            if (read.units().isEmpty()) {
                continue;
            }
            long lastVisible = read.units().stream().mapToLong(leafOf::get).max().orElseThrow();
            for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
                if (sent.getValue() > read.after()) {
                    assertThat(leafOf.get(sent.getKey())).as(sent.getKey() + " was sent after " + read.units()
                            + " were committed").isGreaterThan(lastVisible);
                    comparisons++;
                }
            }
        }
        assertThat(comparisons).as("commands sent after a read saw others committed").isPositive();
    }

    @Test
    void theLedgersHistoryIsPagedByCursor() throws Exception {
        String unit = "u-page-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/v1/units", "{\"unitId\":\"" + unit + "\",\"name\":\"分页区\",\"category\":\"DISTRICT\","
                + "\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            assertThat(post("/api/v1/cadres", "{\"cadreId\":\"" + unit + "-c" + i + "\",\"name\":\"李分页\",\"unitId\":\""
                    + unit + "\",\"post\":\"科长\",\"postLevel\":\"乡科正\",\"postSince\":\"2020-01-01\",\"rank\":"
                    + "\"一级主任科员\",\"rankSince\":\"2020-01-01\",\"workStartDate\":\"2008-07-01\",\"grassrootsYears\":5,"
                    + "\"education\":\"大学\",\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(post("/api/v1/cadres/" + unit + "-c0/entries", "{\"polarity\":\"POSITIVE\",\"aspect\":\"平安建设\","
                    + "\"points\":1,\"summary\":\"按期完成\",\"effectiveDate\":\"2023-09-2" + i + "\"}").statusCode())
                    .isEqualTo(201);
        }
        List<String> whole = new java.util.ArrayList<>();
        get("/api/v1/audit/events?limit=1000").path("events").forEach(e -> whole.add(e.path("eventId").asText()));
        assertThat(whole.size()).isGreaterThanOrEqualTo(5);

        // Walked three at a time by following next (and the Link header, which must say the same), the pages
        // give the same events in the same order as one page, none twice, none left out.
        List<String> walked = new java.util.ArrayList<>();
        String path = "/api/v1/audit/events?limit=3";
        for (int pages = 0; pages < 1000 && path != null && walked.size() < whole.size(); pages++) {
            HttpResponse<String> page = auditor(path);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = EventCodec.mapper().readTree(page.body());
            body.path("events").forEach(e -> walked.add(e.path("eventId").asText()));
            String next = body.path("next").isNull() ? null : body.path("next").asText();
            java.util.Optional<String> link = page.headers().firstValue("Link");
            if (next == null) {
                assertThat(link).isEmpty();
                path = null;
            } else {
                assertThat(link).get().asString().endsWith("; rel=\"next\"")
                        .contains("cursor=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8))
                        .contains("limit=3");
                path = "/api/v1/audit/events?limit=3&cursor=" + next;
            }
        }
        assertThat(walked.subList(0, whole.size())).isEqualTo(whole);

        // one stream, two at a time
        List<String> stream = new java.util.ArrayList<>();
        String cursor = "";
        for (int pages = 0; pages < 10; pages++) {
            JsonNode body = get("/api/v1/audit/streams/" + unit + "-c0/events?limit=1" + cursor);
            body.path("events").forEach(e -> stream.add(e.path("sequence").asText()));
            if (body.path("next").isNull()) {
                break;
            }
            cursor = "&cursor=" + body.path("next").asText();
        }
        assertThat(stream).hasSize(3).isEqualTo(get("/api/v1/audit/streams/" + unit + "-c0/events?limit=1000").path("events")
                .valueStream().map(e -> e.path("sequence").asText()).toList());

        // a cursor is opaque and belongs to its list; the older from still works, but not together with a cursor
        String eventsCursor = get("/api/v1/audit/events?limit=1").path("next").asText();
        for (String refused : List.of("/api/v1/audit/events?cursor=not-a-cursor",
                "/api/v1/audit/streams/" + unit + "-c0/events?cursor=" + eventsCursor,
                "/api/v1/audit/events?from=0&cursor=" + eventsCursor)) {
            HttpResponse<String> answer = auditor(refused);
            assertThat(answer.statusCode()).as(refused).isEqualTo(400);
            assertThat(answer.body()).as(refused).contains("\"cursor\"");
        }
        long second = get("/api/v1/audit/events?limit=2").at("/events/1/globalIndex").asLong();
        assertThat(get("/api/v1/audit/events?from=" + second + "&limit=1").at("/events/0/eventId").asText())
                .isEqualTo(whole.get(1));
    }

    private HttpResponse<String> auditor(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization",
                "Bearer " + token("it-auditor", List.of(cn.ledger.security.Role.AUDITOR), List.of(), null)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization",
                "Bearer " + token("it-auditor", List.of(cn.ledger.security.Role.AUDITOR), List.of(), null)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return EventCodec.mapper().readTree(response.body());
    }

    private static List<byte[]> unhex(JsonNode array) {
        List<byte[]> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(MerkleTree.unhex(n.asText())));
        return out;
    }
}
