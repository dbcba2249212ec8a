package cn.ledger.command.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.SanctionImposed;
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

class SameMeasureAsUpcasterTest {

    static final LocalDate DAY = LocalDate.of(2022, 5, 1);
    static final String INTERVIEW_BEFORE = "{\"cadreId\":\"c-1\",\"interviewId\":\"i-1\",\"unitId\":\"u-1\","
            + "\"kind\":\"ADMONISHMENT\",\"interviewer\":\"部长\",\"reason\":\"诫勉\",\"effectiveDate\":\"2022-05-01\"}";
    static final String SANCTION_BEFORE = "{\"cadreId\":\"c-1\",\"sanctionId\":\"s-1\",\"kind\":\"PARTY_WARNING\","
            + "\"probationMonths\":null,\"decidedBy\":\"区纪委\",\"reason\":\"违纪\",\"effectiveDate\":\"2022-05-01\"}";

    final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(cn.ledger.contract.EventCodec.mapper().copy())
            .revisionResolver(new StoredRevisions()).build();
    final EventUpcasterChain chain = new EventUpcasterChain(new NegativeEntryRecordedUpcaster(),
            new SameMeasureAsUpcaster());

    IntermediateEventRepresentation stored(Class<?> type, String json, String revision) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Cadre", "c-1", 1, "evt-1",
                Instant.parse("2022-05-01T08:00:00Z"), type.getName(), revision,
                json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        return new InitialEventRepresentation(entry, serializer);
    }

    Object read(IntermediateEventRepresentation representation) {
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(representation)).toList();
        assertThat(upcast).hasSize(1);
        assertThat(upcast.get(0).getType().getRevision()).isEqualTo("2");
        SerializedObject<byte[]> data = upcast.get(0).getData(byte[].class);
        return serializer.deserialize(new SimpleSerializedObject<>(data.getData(), byte[].class, data.getType()));
    }

    @Test
    void anInterviewOrSanctionStoredBeforeTheFieldExistedIsReadAsRevision2NotLinked() {
        assertThat(read(stored(InterviewRecorded.class, INTERVIEW_BEFORE, null))).isEqualTo(new InterviewRecorded(
                "c-1", "i-1", "u-1", InterviewKind.ADMONISHMENT, "部长", "诫勉", DAY, null));
        assertThat(read(stored(SanctionImposed.class, SANCTION_BEFORE, null))).isEqualTo(new SanctionImposed(
                "c-1", "s-1", SanctionKind.PARTY_WARNING, null, "区纪委", "违纪", DAY, null));
    }

    @Test
    void theCurrentRevisionIsWrittenAndLeftAlone() {
        InterviewRecorded current = new InterviewRecorded("c-1", "i-1", "u-1", InterviewKind.ADMONISHMENT, "部长",
                "诫勉", DAY, "s-1");
        SerializedObject<byte[]> written = serializer.serialize(current, byte[].class);
        assertThat(written.getType()).isEqualTo(new SimpleSerializedType(InterviewRecorded.class.getName(), "2"));
        List<IntermediateEventRepresentation> upcast = chain.upcast(Stream.of(
                stored(InterviewRecorded.class, new String(written.getData(), StandardCharsets.UTF_8), "2"))).toList();
        assertThat(upcast.get(0).getData(byte[].class).getData()).isEqualTo(written.getData());
        assertThat(read(stored(InterviewRecorded.class, new String(written.getData(), StandardCharsets.UTF_8), "2")))
                .isEqualTo(current);
    }
}
