package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.ledger.contract.audit.Checkpoint;
import cn.ledger.contract.audit.Cosignature;
import cn.ledger.contract.audit.LogCheckpoint;
import cn.ledger.contract.audit.SignedNote;
import cn.ledger.security.Role;
import cn.ledger.verify.TileVerifier;
import cn.ledger.verify.Verifier;
import cn.ledger.verify.WitnessPolicy;
import cn.ledger.witness.Witness;
import cn.ledger.witness.WitnessServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ledger submits its checkpoints to two witnesses of the project's own minimal C2SP tlog-witness,
 * running in this JVM: one that follows the log cosigns, and the served checkpoint note carries its
 * cosignature; one that already holds another history of the same log refuses, and no cosignature of it
 * is kept or served. ledger-verify's witness policy holds with the first and fails, naming it, when the
 * second is required.
 * The context of its own is closed after it (it would otherwise keep offering checkpoints to stopped witnesses).
 */
@DirtiesContext
class WitnessIT extends CommandServiceIT {

    /** The log's origin: no origin is configured, the first key to sign a checkpoint is the tests' key. */
    private static final String ORIGIN = "cn.ledger.events/" + Checkpoint.keyId(AUDIT_KEY.getPublic().getEncoded());
    private static final String LOG_KEY = SignedNote.verifierKey(ORIGIN, SignedNote.rawKey(AUDIT_KEY.getPublic()
            .getEncoded()));

    private static final Witness HONEST = witness("witness.test/follows");
    private static final Witness FORKED = witness("witness.test/forked");
    private static final WitnessServer HONEST_SERVER = serve(HONEST);
    private static final WitnessServer FORKED_SERVER = serve(FORKED);

    static {
        // the forked witness has cosigned a checkpoint of size 1 whose root is not the log's: the log signed
        // another history for it (what a split view is)
        String text = new LogCheckpoint(ORIGIN, 1, new byte[32]).text();
        String note = SignedNote.sign(text, ORIGIN, SignedNote.rawKey(AUDIT_KEY.getPublic().getEncoded()),
                AUDIT_KEY.getPrivate());
        Witness.Answer answer = FORKED.addCheckpoint(("old 0\n\n" + note).getBytes(StandardCharsets.UTF_8));
        if (answer.status() != 200) {
            throw new IllegalStateException("the forked witness refused its first checkpoint: " + answer);
        }
    }

    @DynamicPropertySource
    static void witnesses(DynamicPropertyRegistry registry) {
        registry.add("ledger.audit.witnesses[0].name", () -> "follows");
        registry.add("ledger.audit.witnesses[0].url", () -> "http://127.0.0.1:" + HONEST_SERVER.port());
        registry.add("ledger.audit.witnesses[0].verifier-key", HONEST::verifierKey);
        registry.add("ledger.audit.witnesses[1].name", () -> "forked");
        registry.add("ledger.audit.witnesses[1].url", () -> "http://127.0.0.1:" + FORKED_SERVER.port() + "/");
        registry.add("ledger.audit.witnesses[1].verifier-key", FORKED::verifierKey);
        registry.add("ledger.audit.witness-interval", () -> "1s");
        registry.add("ledger.audit.checkpoint-interval", () -> "1s");
    }

    @AfterAll
    static void stopWitnesses() {
        HONEST_SERVER.close();
        FORKED_SERVER.close();
    }

    @Autowired
    MeterRegistry meters;

    @Test
    void theServedCheckpointCarriesTheCosignatureOfTheWitnessThatFollowsTheLogOnly() throws Exception {
        assertThat(text("/api/v1/audit/log/verifier-key").body().trim()).as("the log's origin").isEqualTo(LOG_KEY);
        Cosignature.Key follows = Cosignature.Key.parse(HONEST.verifierKey()).orElseThrow();
        Cosignature.Key forked = Cosignature.Key.parse(FORKED.verifierKey()).orElseThrow();
        // twice: the second checkpoint is cosigned from the first one's size, with a consistency proof
        long first = 0;
        for (int round = 0; round < 2; round++) {
            assertThat(post("/api/v1/units", "{\"unitId\":\"wi-" + UUID.randomUUID() + "\",\"name\":\"见证区\","
                    + "\"category\":\"DISTRICT\",\"effectiveDate\":\"2023-01-01\"}").statusCode()).isEqualTo(201);
            long appended = storedEvents();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                HttpResponse<String> note = text("/api/v1/audit/log/checkpoint");
                return note.statusCode() == 200 && size(note.body()) >= appended
                        && !Cosignature.cosigners(note.body(), List.of(follows)).isEmpty();
            });
            assertThat(size(note())).isGreaterThan(first);
            first = size(note());
        }
        String served = note();
        long size = size(served);
        // the log's own signature still opens the note; the cosignature is of this checkpoint, at its size
        assertThat(SignedNote.open(served, LOG_KEY)).isPresent();
        assertThat(Cosignature.cosigners(served, List.of(follows, forked))).extracting(v -> v.key().name())
                .containsExactly("witness.test/follows");
        assertThat(HONEST.size(ORIGIN)).isGreaterThanOrEqualTo(size);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM witness_cosignature WHERE tree_size = ? AND verifier_key = ?",
                Long.class, size, HONEST.verifierKey())).isEqualTo(1);

        // the forked witness was offered the log (from size 0, then from the size it reported, with a proof)
        // and refused it: nothing of it kept, its history untouched
        await().atMost(Duration.ofSeconds(30)).until(() -> count("forked", "refused") > 0);
        assertThat(FORKED.size(ORIGIN)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM witness_cosignature WHERE verifier_key = ?", Long.class,
                FORKED.verifierKey())).isZero();
        assertThat(count("forked", "cosigned")).isZero();

        // ledger-verify: a quorum of one of the two holds, one requiring the forked witness fails naming it
        Verifier.Report one = TileVerifier.verify(this::served, LOG_KEY, null,
                new WitnessPolicy(List.of(HONEST.verifierKey(), FORKED.verifierKey()), 1), n -> {});
        assertThat(one.ok()).as(one.toString()).isTrue();
        assertThat(one.toString()).contains("cosigned by witness.test/follows");
        Verifier.Report both = TileVerifier.verify(this::served, LOG_KEY, null,
                new WitnessPolicy(List.of(HONEST.verifierKey(), FORKED.verifierKey()), 2), n -> {});
        assertThat(both.ok()).isFalse();
        assertThat(both.toString()).contains("is cosigned by 1 of the witnesses required, 2 needed; no valid "
                + "cosignature by witness.test/forked");
    }

    private double count(String witness, String outcome) {
        Counter counter = meters.find("ledger.audit.witness.submissions").tags("witness", witness, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Witness witness(String name) {
        try {
            Path directory = Files.createTempDirectory("witness");
            KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new Witness(name, key.getPrivate(), SignedNote.rawKey(key.getPublic().getEncoded()),
                    Map.of(ORIGIN, List.of(LOG_KEY)), directory.resolve("state"), Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WitnessServer serve(Witness witness) {
        try {
            return WitnessServer.start(witness, new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] served(String path) throws IOException {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/audit/log/" + path)))
                    .header("Authorization", "Bearer " + auditor()).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IOException(path + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String note() throws Exception {
        HttpResponse<String> answer = text("/api/v1/audit/log/checkpoint");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static long size(String note) {
        return Long.parseLong(note.lines().skip(1).findFirst().orElseThrow());
    }

    private String auditor() {
        return token("it-auditor", List.of(Role.AUDITOR), List.of(), null);
    }

    private HttpResponse<String> text(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + auditor())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
