package cn.ledger.command.evolution;

import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.SanctionImposed;
import org.axonframework.serialization.RevisionResolver;

/**
 * The payload revision the event store writes for each event class. The contract's records carry no
 * Axon annotation, so the revisions live here; a class not named has revision null. A stored shape
 * that changes gets a new revision here and an upcaster from the old one (see
 * {@link NegativeEntryRecordedUpcaster}); the published {@code ce_type} version changes only for a
 * change consumers could not read (see the compatibility promise in the AsyncAPI document).
 */
public final class StoredRevisions implements RevisionResolver {

    /** 2: {@code finding} added. */
    public static final String NEGATIVE_ENTRY_RECORDED = "2";

    /** 2: {@code sameMeasureAs} added to {@link InterviewRecorded} and {@link SanctionImposed}. */
    public static final String SAME_MEASURE_AS = "2";

    @Override
    public String revisionOf(Class<?> payloadType) {
        if (payloadType == NegativeEntryRecorded.class) {
            return NEGATIVE_ENTRY_RECORDED;
        }
        return payloadType == InterviewRecorded.class || payloadType == SanctionImposed.class ? SAME_MEASURE_AS : null;
    }
}
