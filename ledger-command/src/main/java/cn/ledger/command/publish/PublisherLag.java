package cn.ledger.command.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code ledger.publisher.lag}: events stored but not yet on Kafka — the highest global index in the event
 * store minus the position of the {@code kafka-publisher} processor's slowest segment, read from the token
 * table (so it holds whichever instance owns the segments). Read at most every {@link #REFRESH}, on scrape;
 * NaN while the store cannot be read.
 */
@Component
public class PublisherLag {

    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PublisherLag.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock = Clock.systemUTC();
    private volatile long readAt;                 // 0: never read
    private boolean failing;
    private volatile double lag = Double.NaN;    // NaN until read

    public PublisherLag(JdbcTemplate jdbc, Serializer serializer, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        Gauge.builder("ledger.publisher.lag", this, PublisherLag::current)
                .description("Events in the event store not yet published to Kafka by " + KafkaPublisher.PROCESSING_GROUP)
                .register(meters);
    }

    synchronized double current() {
        long now = clock.millis();
        if (readAt == 0 || now - readAt >= REFRESH.toMillis()) {
            readAt = now;
            try {
                lag = read();
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn("publisher lag not read: {}", e.toString(), e);
                }
                lag = Double.NaN;
            }
        }
        return lag;
    }

    private double read() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        if (head == null) {
            return 0;
        }
        record Token(byte[] bytes, String type) {}
        List<Token> tokens = jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (rs, i) -> new Token(rs.getBytes("token"), rs.getString("token_type")), KafkaPublisher.PROCESSING_GROUP);
        if (tokens.isEmpty()) {
            return head + 1;                      // the processor has not started: everything is behind
        }
        long slowest = Long.MAX_VALUE;
        for (Token token : tokens) {
            OptionalLong position = token.bytes() == null || token.type() == null ? OptionalLong.empty()
                    : ((TrackingToken) serializer.deserialize(
                            new SimpleSerializedObject<>(token.bytes(), byte[].class, token.type(), null))).position();
            slowest = Math.min(slowest, position.orElse(-1));
        }
        return Math.max(0, head - slowest);
    }
}
