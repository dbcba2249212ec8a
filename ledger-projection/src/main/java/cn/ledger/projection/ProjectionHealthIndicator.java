package cn.ledger.projection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code parkedEvents} health contributor (the {@code projection} health group): {@code STALE} while any stream has parked records, with the
 * streams, how many records, and since when, in its details.
 *
 * <p>Not {@code DOWN}: the service still answers every question, each answer saying whether it is
 * complete, and a restart does not fix a parked record — only a fix and a re-drive do. So the status is
 * one that the overall health and the liveness and readiness groups do not count (their status order
 * does not name it), while the {@code projection} group, which names it first, answers it with HTTP 503
 * for an orchestrator or a monitor to see (see the services' {@code management.endpoint.health.group}).
 */
public class ProjectionHealthIndicator implements HealthIndicator {

    /** A read model that lacks records of some streams until they are re-driven. */
    public static final Status STALE = new Status("STALE", "streams with parked records are applied no further");

    /** Details list at most this many streams (the counts are always whole). */
    static final int LISTED = 100;

    private final StreamStates states;

    public ProjectionHealthIndicator(StreamStates states) {
        this.states = states;
    }

    @Override
    public Health health() {
        StreamStates.ParkedSummary summary = states.parkedSummary();
        if (summary.streams() == 0) {
            return Health.up().withDetail("parkedStreams", 0).withDetail("parkedRecords", 0).build();
        }
        List<Completeness.Missing> missing = states.completenessOfAll().missing();
        List<Map<String, Object>> listed = missing.stream().limit(LISTED).map(m -> {
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("streamId", m.streamId());
            stream.put("fromSequence", m.fromSequence());
            stream.put("parkedRecords", m.parkedRecords());
            stream.put("since", m.since().toString());
            stream.put("reason", m.reason());
            return stream;
        }).toList();
        return Health.status(STALE)
                .withDetail("parkedStreams", summary.streams())
                .withDetail("parkedRecords", summary.records())
                .withDetail("oldestSince", summary.oldestSince().toString())
                .withDetail("streams", listed)
                .withDetail("redrive", "POST /api/v1/admin/parked-events/redrive after the fix")
                .build();
    }
}
