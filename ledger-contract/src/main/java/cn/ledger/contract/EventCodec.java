package cn.ledger.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The wire format of {@code ledger.events}: CloudEvents 1.0 in Kafka binary mode, written and read
 * with the CloudEvents Java SDK. The record value is the event's JSON; the attributes travel as
 * {@code ce_*} headers; the key is the stream id ({@code ce_subject}). {@code ce_dataschema} names the
 * JSON Schema of the type ({@link #dataSchemaOf(String)}); the ledger's own attributes are the
 * extensions {@code ce_sequence}, {@code ce_recordedby}, {@code ce_correlationid},
 * {@code ce_effectivedate} and {@code ce_aggregatetype}, all strings, and {@code ce_history} ({@code true}) on
 * an event entered as history (absent otherwise).
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
    /** Extension: {@code true} when the event was entered as history (before the stream was registered); absent otherwise. */
    public static final String H_HISTORY = "ce_history";

    /** Extension attribute names as the SDK knows them (the header is {@code ce_} + the name). */
    public static final String X_AGGREGATE_TYPE = "aggregatetype";
    public static final String X_SEQUENCE = "sequence";
    public static final String X_RECORDED_BY = "recordedby";
    public static final String X_CORRELATION_ID = "correlationid";
    public static final String X_EFFECTIVE_DATE = "effectivedate";
    public static final String X_HISTORY = "history";

    public static final String H_DATASCHEMA = "ce_dataschema";
    /**
     * {@code ce_dataschema} of a type is this prefix and the type name without {@link EventTypes#PREFIX},
     * e.g. {@code urn:ledger:schema:negative-entry-recorded.v1}; the schema's own {@code $id} is the
     * same URN, and ledger-command serves it at {@code /api/v1/contract/schemas/negative-entry-recorded.v1.json}.
     */
    public static final String DATASCHEMA_PREFIX = "urn:ledger:schema:";

    private static final URI SOURCE_URI = URI.create(SOURCE);

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {}

    /** The JSON mapper used for event payloads, shared so that every side reads what the other wrote. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The URN naming the JSON Schema of a published type, e.g. {@code urn:ledger:schema:unit-registered.v1}. */
    public static URI dataSchemaOf(String type) {
        if (!type.startsWith(EventTypes.PREFIX)) {
            throw new IllegalArgumentException("not a ledger event type: " + type);
        }
        return URI.create(DATASCHEMA_PREFIX + type.substring(EventTypes.PREFIX.length()));
    }

    /** The envelope as a CloudEvent (its data the event's JSON). */
    public static CloudEvent toCloudEvent(LedgerEnvelope envelope) {
        String type = envelope.type();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.eventId())
                .withSource(SOURCE_URI)
                .withType(type)
                .withSubject(envelope.subject())
                .withTime(envelope.recordedAt().atOffset(ZoneOffset.UTC))
                .withDataSchema(dataSchemaOf(type))
                .withDataContentType(CONTENT_TYPE)
                .withData(toJson(envelope.event()))
                .withExtension(X_SEQUENCE, sequenceAttribute(envelope.sequence()))
                .withExtension(X_EFFECTIVE_DATE, envelope.effectiveDate().toString());
        extension(builder, X_AGGREGATE_TYPE, envelope.aggregateType());
        extension(builder, X_RECORDED_BY, envelope.recordedBy());
        extension(builder, X_CORRELATION_ID, envelope.correlationId());
        if (envelope.history()) {
            builder.withExtension(X_HISTORY, "true");
        }
        return builder.build();
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, LedgerEnvelope envelope) {
        return KafkaMessageFactory.<String>createWriter(topic, envelope.subject()).writeBinary(toCloudEvent(envelope));
    }

    public static LedgerEnvelope fromRecord(ConsumerRecord<String, byte[]> record) {
        String where = "offset " + record.offset() + " of " + record.topic() + "-" + record.partition();
        Header typeHeader = record.headers().lastHeader(H_TYPE);
        if (typeHeader == null) {
            throw new UnreadableEventException("record without " + H_TYPE + " at " + where, null);
        }
        String type = new String(typeHeader.value(), StandardCharsets.UTF_8);
        Class<? extends LedgerEvent> eventClass = EventTypes.classOf(type)
                .orElseThrow(() -> new UnreadableEventException("unknown event type " + type + " at " + where, null));
        try {
            CloudEvent cloudEvent = KafkaMessageFactory.createReader(record).toEvent();
            CloudEventData data = cloudEvent.getData();
            if (data == null) {
                throw new UnreadableEventException("record without data at " + where, null);
            }
            LedgerEvent event = MAPPER.readValue(data.toBytes(), eventClass);
            return new LedgerEnvelope(
                    cloudEvent.getId(),
                    extension(cloudEvent, X_AGGREGATE_TYPE),
                    required(cloudEvent.getSubject(), H_SUBJECT, where),
                    Long.parseLong(required(extension(cloudEvent, X_SEQUENCE), H_SEQUENCE, where)),
                    required(cloudEvent.getTime(), H_TIME, where).toInstant(),
                    extension(cloudEvent, X_RECORDED_BY),
                    extension(cloudEvent, X_CORRELATION_ID),
                    event,
                    "true".equals(extension(cloudEvent, X_HISTORY)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableEventException u) {
                throw u;
            }
            String reason = e instanceof CloudEventRWException ? "not a CloudEvent: " : "";
            throw new UnreadableEventException("cannot read " + type + " at " + where + ": " + reason + e.getMessage(), e);
        }
    }

    public static byte[] toJson(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getName(), e);
        }
    }

    private static void extension(CloudEventBuilder builder, String name, String value) {
        if (value != null) {
            builder.withExtension(name, value);
        }
    }

    private static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    private static <T> T required(T value, String header, String where) {
        if (value == null) {
            throw new UnreadableEventException("record without " + header + " at " + where, null);
        }
        return value;
    }

    /**
     * The CloudEvents {@code sequence} attribute of a stream position: the Sequence extension compares its values
     * as strings, so the position is written with leading zeros to 19 digits (every non-negative {@code long}),
     * which orders lexicographically as it does numerically. Read back with {@link Long#parseLong}, which also
     * reads the unpadded values of records published before.
     */
    public static String sequenceAttribute(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("a stream position is not negative: " + sequence);
        }
        return String.format(java.util.Locale.ROOT, "%019d", sequence);
    }
}
