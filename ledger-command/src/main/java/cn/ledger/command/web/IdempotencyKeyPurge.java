package cn.ledger.command.web;

import cn.ledger.security.web.StorageUnavailable;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the {@code Idempotency-Key}s past their lifetime ({@code ledger.idempotency.lifetime}, 24 h by
 * default), every {@code ledger.idempotency.purge-interval} (1 h). The keys and their kept answers are not
 * ledger data; the events their commands appended stay. Within the lifetime nothing is deleted, so a
 * committed command whose answer was lost is never run again under its key.
 */
@Component
public class IdempotencyKeyPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final JdbcTemplate jdbc;
    private final long lifetimeSeconds;

    public IdempotencyKeyPurge(JdbcTemplate jdbc, @Value("${ledger.idempotency.lifetime:24h}") Duration lifetime) {
        this.jdbc = jdbc;
        this.lifetimeSeconds = lifetime.toSeconds();
    }

    @Scheduled(initialDelayString = "${ledger.idempotency.purge-interval:PT1H}",
            fixedDelayString = "${ledger.idempotency.purge-interval:PT1H}")
    public void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            if (!StorageUnavailable.isCause(e)) {
                throw e;
            }
            log.warn("expired Idempotency-Keys not purged, the storage is unavailable: {}", e.toString());
        }
    }

    /** Deletes every key older than the lifetime; returns how many. */
    public int purge() {
        int deleted = jdbc.update("DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)",
                lifetimeSeconds);
        if (deleted > 0) {
            log.info("purged {} expired Idempotency-Key(s)", deleted);
        }
        return deleted;
    }
}
