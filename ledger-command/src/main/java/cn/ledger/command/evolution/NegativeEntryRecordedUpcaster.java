package cn.ledger.command.evolution;

import cn.ledger.contract.event.NegativeEntryRecorded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Stored {@link NegativeEntryRecorded} payloads of revision null (before {@code finding} existed) are
 * read as revision 2: the field is added, null, meaning "not stated". Nothing in the event store is
 * rewritten; the old rows stay as they were stored and are converted each time they are read, by
 * the aggregate and by the publisher alike, so every consumer only ever sees the current shape.
 */
public class NegativeEntryRecordedUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType BEFORE_FINDING =
            new SimpleSerializedType(NegativeEntryRecorded.class.getName(), null);
    static final SimpleSerializedType WITH_FINDING =
            new SimpleSerializedType(NegativeEntryRecorded.class.getName(), StoredRevisions.NEGATIVE_ENTRY_RECORDED);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return BEFORE_FINDING.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(WITH_FINDING, JsonNode.class, payload -> {
            ObjectNode node = (ObjectNode) payload;
            if (!node.has("finding")) {
                node.putNull("finding");
            }
            return node;
        });
    }
}
