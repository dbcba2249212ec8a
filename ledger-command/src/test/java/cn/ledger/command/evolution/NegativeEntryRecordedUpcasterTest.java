package cn.ledger.command.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.NegativeFinding;
import cn.ledger.contract.event.NegativeEntryRecorded;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

class NegativeEntryRecordedUpcasterTest {

    static final String BEFORE_FINDING = "{\"cadreId\":\"c-1\",\"entryId\":\"e-1\",\"aspect\":\"平安建设\",\"points\":1,"
            + "\"summary\":\"督查发现问题\",\"evidence\":[],\"effectiveDate\":\"2022-05-01\"}";

    final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(cn.ledger.contract.EventCodec.mapper().copy())
            .revisionResolver(new StoredRevisions()).build();
    final EventUpcasterChain chain = new EventUpcasterChain(new NegativeEntryRecordedUpcaster());

    IntermediateEventRepresentation stored(String json, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Cadre", "c-1", 1, "evt-1",
                Instant.parse("2022-05-01T08:00:00Z"), NegativeEntryRecorded.class.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, serializer);
    }

    @Test
    void anEntryStoredBeforeFindingExistedIsReadAsRevision2WithoutAFinding() {
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(stored(BEFORE_FINDING, null))).toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType()).isEqualTo(new SimpleSerializedType(NegativeEntryRecorded.class.getName(), "2"));
        SerializedObject<byte[]> data = upcast.get(0).getData(byte[].class);
        NegativeEntryRecorded event = serializer.deserialize(new SimpleSerializedObject<>(data.getData(), byte[].class,
                data.getType()));
        assertThat(event).isEqualTo(new NegativeEntryRecorded("c-1", "e-1", "平安建设", BigDecimal.ONE, "督查发现问题",
                List.of(), LocalDate.of(2022, 5, 1), null));
    }

    @Test
    void theCurrentRevisionIsLeftAlone() {
        NegativeEntryRecorded current = new NegativeEntryRecorded("c-1", "e-1", "平安建设", BigDecimal.ONE, "逾期",
                List.of(), LocalDate.of(2023, 5, 1), NegativeFinding.MISSED_DEADLINE);
        SerializedObject<byte[]> written = serializer.serialize(current, byte[].class);
        assertThat(written.getType().getRevision()).isEqualTo("2");
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(
                stored(new String(written.getData(), StandardCharsets.UTF_8), "2"))).toList();
        assertThat(upcast.get(0).getData(byte[].class).getData()).isEqualTo(written.getData());
    }
}
