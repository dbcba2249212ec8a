package cn.ledger.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * Whether an answer rests on every record the ledger holds for the streams it used. A stream with
 * parked records is applied no further until they are re-driven, so an answer built from it is
 * incomplete: {@code missing} names, per such stream, the records it lacks.
 *
 * @param complete true when no stream the answer used has parked records
 * @param missing  one entry per stream with parked records; empty when complete
 */
@Schema(description = "Whether the answer rests on every record of the streams it used; if not, which are missing")
public record Completeness(boolean complete, List<Missing> missing) {

    public static final Completeness COMPLETE = new Completeness(true, List.of());

    public Completeness {
        missing = List.copyOf(missing);
    }

    public static Completeness of(List<Missing> missing) {
        return missing.isEmpty() ? COMPLETE : new Completeness(false, missing);
    }

    /** Only the missing records of the given streams. */
    public Completeness onlyOf(java.util.Collection<String> streams) {
        return complete ? this : of(missing.stream().filter(m -> streams.contains(m.streamId())).toList());
    }

    /**
     * One line for a file handed on (an export's fact row): {@code 完整} or {@code 不完整} followed by, per
     * stream, the records missing and since when.
     */
    public String line() {
        if (complete) {
            return "完整 (complete)";
        }
        StringBuilder text = new StringBuilder("不完整 (incomplete): ");
        for (int i = 0; i < missing.size(); i++) {
            Missing m = missing.get(i);
            text.append(i == 0 ? "" : "；").append(m.streamId()).append(" 自序号 ").append(m.fromSequence())
                    .append(" 起缺 ").append(m.parkedRecords()).append(" 条记录，").append(m.since()).append(" 起搁置");
        }
        return text.toString();
    }

    /**
     * The records of one stream the read model lacks: every record from {@code fromSequence} on (the
     * first parked one and those after it) until they are re-driven.
     *
     * @param streamId      the cadre or unit stream
     * @param fromSequence  the first sequence not applied (last applied + 1; 0 if none was)
     * @param parkedRecords how many of the stream's records are parked
     * @param since         when the first of them was parked
     * @param reason        why the first one could not be applied
     * @param eventId       the event id of that record
     * @param eventType     its type
     */
    public record Missing(String streamId, long fromSequence, int parkedRecords, Instant since, String reason,
            String eventId, String eventType) {}
}
