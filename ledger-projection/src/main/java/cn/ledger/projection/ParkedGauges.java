package cn.ledger.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges of what the projection has parked: {@code ledger.projection.parked.streams},
 * {@code ledger.projection.parked.records} and {@code ledger.projection.parked.oldest.age} (seconds since
 * the oldest parked record was parked; 0 when none). One query per second at most, however often scraped.
 */
public class ParkedGauges {

    private final StreamStates states;
    private final AtomicReference<Reading> last = new AtomicReference<>(new Reading(Instant.EPOCH, null));

    private record Reading(Instant at, StreamStates.ParkedSummary summary) {}

    public ParkedGauges(StreamStates states, String projection, MeterRegistry meters) {
        this.states = states;
        Gauge.builder("ledger.projection.parked.streams", this, g -> g.summary().streams())
                .tag("projection", projection).description("Streams with parked records (applied no further)")
                .register(meters);
        Gauge.builder("ledger.projection.parked.records", this, g -> g.summary().records())
                .tag("projection", projection).description("Records parked, waiting for a re-drive").register(meters);
        Gauge.builder("ledger.projection.parked.oldest.age", this, g -> {
            Instant oldest = g.summary().oldestSince();
            return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toSeconds();
        }).tag("projection", projection).baseUnit("seconds")
                .description("Since when the oldest parked record waits").register(meters);
    }

    private StreamStates.ParkedSummary summary() {
        Reading reading = last.get();
        if (reading.summary() == null || reading.at().isBefore(Instant.now().minusSeconds(1))) {
            reading = new Reading(Instant.now(), states.parkedSummary());
            last.set(reading);
        }
        return reading.summary();
    }
}
