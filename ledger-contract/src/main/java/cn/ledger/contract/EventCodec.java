package cn.ledger.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The wire format of {@code ledger.events}: CloudEvents 1.0 in Kafka binary mode. The record value
 * is the event's JSON; the attributes travel as {@code ce_*} headers; the key is the stream id.
 */
public final class EventCodec {

    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "urn:ledger:ledger-command";
    public static final String CONTENT_TYPE = "application/json";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TIME = "ce_time";
    public static final String H_CONTENT_TYPE = "content-type";
    /** Extension: the stream's aggregate type. */
    public static final String H_AGGREGATE_TYPE = "ce_aggregatetype";
    /** Extension: position in the stream. */
    public static final String H_SEQUENCE = "ce_sequence";
    /** Extension: the authenticated principal who recorded it. */
    public static final String H_RECORDED_BY = "ce_recordedby";
    /** Extension: the id of the request that caused it. */
    public static final String H_CORRELATION_ID = "ce_correlationid";
    /** Extension: the date it took effect in the world. */
    public static final String H_EFFECTIVE_DATE = "ce_effectivedate";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {}

    /** The JSON mapper used for event payloads, shared so that every side reads what the other wrote. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, LedgerEnvelope envelope) {
        Headers headers = new RecordHeaders();
        put(headers, H_SPECVERSION, SPEC_VERSION);
        put(headers, H_ID, envelope.eventId());
        put(headers, H_SOURCE, SOURCE);
        put(headers, H_TYPE, envelope.type());
        put(headers, H_SUBJECT, envelope.subject());
        put(headers, H_TIME, envelope.recordedAt().toString());
        put(headers, H_CONTENT_TYPE, CONTENT_TYPE);
        put(headers, H_AGGREGATE_TYPE, envelope.aggregateType());
        put(headers, H_SEQUENCE, Long.toString(envelope.sequence()));
        put(headers, H_RECORDED_BY, envelope.recordedBy());
        put(headers, H_CORRELATION_ID, envelope.correlationId());
        put(headers, H_EFFECTIVE_DATE, envelope.effectiveDate().toString());
        return new ProducerRecord<>(topic, null, envelope.subject(), toJson(envelope.event()), headers);
    }

    public static LedgerEnvelope fromRecord(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String type = get(headers, H_TYPE);
        String where = "offset " + record.offset() + " of " + record.topic() + "-" + record.partition();
        if (type == null) {
            throw new UnreadableEventException("record without " + H_TYPE + " at " + where, null);
        }
        Class<? extends LedgerEvent> eventClass = EventTypes.classOf(type)
                .orElseThrow(() -> new UnreadableEventException("unknown event type " + type + " at " + where, null));
        try {
            LedgerEvent event = MAPPER.readValue(record.value(), eventClass);
            return new LedgerEnvelope(
                    required(headers, H_ID, where),
                    get(headers, H_AGGREGATE_TYPE),
                    required(headers, H_SUBJECT, where),
                    Long.parseLong(required(headers, H_SEQUENCE, where)),
                    Instant.parse(required(headers, H_TIME, where)),
                    get(headers, H_RECORDED_BY),
                    get(headers, H_CORRELATION_ID),
                    event);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableEventException u) {
                throw u;
            }
            throw new UnreadableEventException("cannot read " + type + " at " + where + ": " + e.getMessage(), e);
        }
    }

    public static byte[] toJson(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getName(), e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String required(Headers headers, String name, String where) {
        String value = get(headers, name);
        if (value == null) {
            throw new UnreadableEventException("record without " + name + " at " + where, null);
        }
        return value;
    }
}
