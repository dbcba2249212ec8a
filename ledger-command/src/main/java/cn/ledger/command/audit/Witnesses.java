package cn.ledger.command.audit;

import cn.ledger.contract.audit.Cosignature;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Submits each new checkpoint note to the configured witnesses (C2SP tlog-witness {@code add-checkpoint})
 * with a consistency proof from the size each last cosigned, on a thread of its own, each call bounded by
 * {@code ledger.audit.witness-timeout}; keeps the cosignatures that verify with the witness's key
 * ({@code witness_cosignature}); and serves the checkpoint with them. A witness that is down, slow or
 * refuses never holds up or fails a checkpoint: it is logged, counted
 * ({@code ledger.audit.witness.submissions}, by witness and outcome) and shown in the {@code witnesses} health
 * details.
 */
@Service
public class Witnesses implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Witnesses.class);
    /** How often one submission follows a witness's 409 to the size it reports. */
    private static final int ATTEMPTS = 3;

    /** A configured witness, what it last cosigned and how the last submission went. */
    private static final class Target {
        final WitnessProperties.Endpoint endpoint;
        final Cosignature.Key key;
        final URI addCheckpoint;
        volatile long cosigned = -1;              // the largest size it cosigned for this log, -1 until read
        volatile String outcome = "not asked yet";
        volatile Instant at;

        Target(WitnessProperties.Endpoint endpoint, Cosignature.Key key) {
            this.endpoint = endpoint;
            this.key = key;
            String prefix = endpoint.url().toString().replaceAll("/+$", "");
            this.addCheckpoint = URI.create(prefix + "/add-checkpoint");
        }
    }

    private final List<Target> targets = new ArrayList<>();
    private final CheckpointIssuer checkpoints;
    private final MerkleLog merkleLog;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final WitnessProperties properties;
    private final HttpClient http;
    private final ScheduledExecutorService executor;

    public Witnesses(WitnessProperties properties, CheckpointIssuer checkpoints, MerkleLog merkleLog, JdbcTemplate jdbc,
            MeterRegistry meters) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.merkleLog = merkleLog;
        this.jdbc = jdbc;
        this.meters = meters;
        for (WitnessProperties.Endpoint endpoint : properties.witnesses()) {
            if (endpoint.name() == null || endpoint.url() == null || endpoint.verifierKey() == null) {
                throw new IllegalStateException("ledger.audit.witnesses: each witness needs a name, url and verifier-key");
            }
            Cosignature.Key key = Cosignature.Key.parse(endpoint.verifierKey()).orElseThrow(() ->
                    new IllegalStateException("ledger.audit.witnesses: the verifier-key of witness " + endpoint.name()
                            + " is not a cosignature/v1 Ed25519 key (<name>+<key id>+base64(0x04‖key))"));
            targets.add(new Target(endpoint, key));
        }
        this.http = HttpClient.newBuilder().connectTimeout(properties.witnessTimeout()).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "witness-submitter");
            thread.setDaemon(true);
            return thread;
        });
        if (!targets.isEmpty()) {
            long every = properties.witnessInterval().toMillis();
            executor.scheduleWithFixedDelay(this::submitNewest, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A new note: offered to the witnesses at once, on the submitter's thread. */
    @EventListener
    public void onNoteSigned(CheckpointIssuer.NoteSigned signed) {
        if (!targets.isEmpty() && !executor.isShutdown()) {
            try {
                executor.execute(this::submitNewest);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the service is stopping
            }
        }
    }

    /** Offers the newest note to every witness that has not cosigned it. */
    void submitNewest() {
        try {
            Optional<Map.Entry<Long, String>> newest = checkpoints.newestNote();
            if (newest.isEmpty()) {
                return;
            }
            for (Target target : targets) {
                if (cosigned(target) < newest.get().getKey()) {
                    submit(target, newest.get().getKey(), newest.get().getValue());
                }
            }
        } catch (RuntimeException e) {
            log.warn("submitting the newest checkpoint to the witnesses failed: {}", e.toString());
        }
    }

    private long cosigned(Target target) {
        if (target.cosigned < 0) {
            Long size = jdbc.queryForObject("SELECT max(tree_size) FROM witness_cosignature WHERE verifier_key = ?",
                    Long.class, target.key.verifierKey());
            target.cosigned = size == null ? 0 : size;
        }
        return target.cosigned;
    }

    private void submit(Target target, long size, String note) {
        long old = cosigned(target);
        String text = Cosignature.text(note).orElseThrow();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (old > size) {
                outcome(target, "refused", "it holds a checkpoint of size " + old + ", larger than the one offered ("
                        + size + "): a newer one was cosigned meanwhile, or it has seen another history of the log");
                return;
            }
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(target.addCheckpoint).timeout(properties.witnessTimeout())
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body(old, size, note))).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                outcome(target, "unreachable", "add-checkpoint of size " + size + ": " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int status = answer.statusCode();
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (status == 200) {
                List<Cosignature.Verified> found = Cosignature.cosigners(text + "\n" + answer.body(), List.of(target.key));
                if (found.isEmpty()) {
                    outcome(target, "invalid", "answered 200 without a cosignature that verifies with its key");
                    return;
                }
                Cosignature.Verified cosignature = found.get(0);
                jdbc.update("""
                        INSERT INTO witness_cosignature (tree_size, verifier_key, witness_name, signature_line, cosigned_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size, verifier_key) DO NOTHING""",
                        size, target.key.verifierKey(), target.endpoint.name(), cosignature.line(),
                        Timestamp.from(Instant.ofEpochSecond(cosignature.timestamp())));
                target.cosigned = size;
                outcome(target, "cosigned", "cosigned the checkpoint of size " + size);
                return;
            }
            if (status == 409 && type.startsWith("text/x.tlog.size") && answer.body().trim().matches("[0-9]{1,19}")) {
                long reported = Long.parseLong(answer.body().trim());
                target.cosigned = reported;
                if (reported == old) {
                    break;
                }
                old = reported;              // the witness's own view: prove consistency from there
                continue;
            }
            outcome(target, status == 409 || status == 422 ? "refused" : "failed", "add-checkpoint from size " + old
                    + " to " + size + " answered " + status + ": " + abbreviate(answer.body()));
            return;
        }
        outcome(target, "failed", "add-checkpoint of size " + size + " kept answering 409 (its size: " + old + ")");
    }

    /** The add-checkpoint body: the old size, the consistency proof from it, an empty line, the note. */
    private String body(long old, long size, String note) {
        StringBuilder body = new StringBuilder("old ").append(old).append('\n');
        if (old > 0 && old < size) {
            for (byte[] hash : merkleLog.consistencyProof(old, size)) {
                body.append(Base64.getEncoder().encodeToString(hash)).append('\n');
            }
        }
        return body.append('\n').append(note).toString();
    }

    private void outcome(Target target, String outcome, String detail) {
        boolean changed = !detail.equals(target.outcome);
        target.outcome = detail;
        target.at = Instant.now();
        meters.counter("ledger.audit.witness.submissions", "witness", target.endpoint.name(), "outcome", outcome)
                .increment();
        if ("cosigned".equals(outcome)) {
            log.debug("witness {}: {}", target.endpoint.name(), detail);
        } else if (changed) {
            log.warn("witness {} ({}): {}", target.endpoint.name(), target.addCheckpoint, detail);
        }
    }

    /**
     * The checkpoint note served at {@code /api/v1/audit/log/checkpoint}: with witnesses configured, the
     * newest note that has cosignatures, with their lines appended (a verifier gets a checkpoint with its
     * cosignatures, at the price of lagging the newest one by a round trip to the witnesses); the newest note
     * when none has yet, or no witness is configured.
     */
    public Optional<String> servedNote() {
        if (!targets.isEmpty()) {
            Optional<Map.Entry<Long, String>> cosigned = jdbc.query("""
                    SELECT n.tree_size, n.note FROM merkle_checkpoint_note n
                    WHERE n.tree_size = (SELECT max(tree_size) FROM witness_cosignature)""",
                    (rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).stream().findFirst();
            if (cosigned.isPresent()) {
                return Optional.of(cosigned.get().getValue() + String.join("", jdbc.queryForList(
                        "SELECT signature_line FROM witness_cosignature WHERE tree_size = ? ORDER BY witness_name, "
                                + "verifier_key", String.class, cosigned.get().getKey())));
            }
        }
        return checkpoints.latestNote();
    }

    /** A witness's cosignature of a checkpoint, as kept: the configured name, its key, the note signature line. */
    public record Cosigned(String witness, String verifierKey, String line, Instant cosignedAt) {}

    /** The cosignatures kept for the checkpoint of this size. */
    public List<Cosigned> cosignatures(long treeSize) {
        return jdbc.query("SELECT witness_name, verifier_key, signature_line, cosigned_at FROM witness_cosignature "
                + "WHERE tree_size = ? ORDER BY witness_name, verifier_key", (rs, i) -> new Cosigned(rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()), treeSize);
    }

    /** Each witness's cosigned size and the last outcome of submitting to it, by its configured name. */
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Target target : targets) {
            details.put(target.endpoint.name(), Map.of("cosignedSize", target.cosigned, "last", target.outcome,
                    "at", String.valueOf(target.at)));
        }
        return details;
    }

    /** The {@code witnesses} health: always up (a witness never makes the service unfit), the details above. */
    @org.springframework.stereotype.Component("witnessesHealthIndicator")
    static class Health implements HealthIndicator {
        private final Witnesses witnesses;

        Health(Witnesses witnesses) {
            this.witnesses = witnesses;
        }

        @Override
        public org.springframework.boot.health.contributor.Health health() {
            return org.springframework.boot.health.contributor.Health.up().withDetails(witnesses.details()).build();
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private static String abbreviate(String body) {
        String line = body.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
