package cn.ledger.command.evolution;

import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.SanctionImposed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Stored {@link InterviewRecorded} and {@link SanctionImposed} payloads of revision null (before
 * {@code sameMeasureAs} existed) are read as revision 2: the field is added, null, meaning "not linked".
 * As with {@link NegativeEntryRecordedUpcaster}, nothing stored is rewritten.
 */
public class SameMeasureAsUpcaster extends SingleEventUpcaster {

    static final Set<String> TYPES = Set.of(InterviewRecorded.class.getName(), SanctionImposed.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getRevision() == null && TYPES.contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.upcastPayload(new SimpleSerializedType(type, StoredRevisions.SAME_MEASURE_AS),
                JsonNode.class, payload -> {
                    ObjectNode node = (ObjectNode) payload;
                    if (!node.has("sameMeasureAs")) {
                        node.putNull("sameMeasureAs");
                    }
                    return node;
                });
    }
}
