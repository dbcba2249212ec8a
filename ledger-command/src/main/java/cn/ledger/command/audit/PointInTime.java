package cn.ledger.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stream's state replayed from its stored events alone: as the ledger had recorded it by a given
 * time, and/or as in effect on a given date. The profile (name, unit, post, rank, …) is the latest value
 * of each field; records are in force unless revoked by then; later events about a record (completion,
 * closure, toleration, a decision) are listed with it.
 */
final class PointInTime {

    /** Payload fields that name the record an event creates or refers to. */
    static final List<String> RECORD_IDS = List.of("entryId", "interviewId", "sanctionId", "investigationId", "cardId",
            "assignmentId", "evaluationId", "gradeId", "postingId", "appealId", "procedureId", "recordId");
    static final Set<String> PROFILE = Set.of("cadre-registered.v1", "cadre-appointed.v1", "cadre-rank-changed.v1",
            "cadre-transferred.v1", "unit-registered.v1", "unit-renamed.v1", "unit-closed.v1");
    static final String REVOKED = "record-revoked.v1";

    record Record(String recordId, String type, String eventId, long sequence, LocalDate effectiveDate,
            String recordedAt, String recordedBy, Object data, List<String> followUps) {}

    record State(String streamId, Instant recordedAt, LocalDate effectiveOn, int eventsConsidered, Long lastSequence,
            Map<String, Object> profile, List<Record> inForce, List<Record> revoked) {}

    private PointInTime() {}

    static State replay(String streamId, List<AuditController.HistoryEvent> events, Instant recordedAt,
            LocalDate effectiveOn) {
        Map<String, Object> profile = new LinkedHashMap<>();
        Map<String, Record> records = new LinkedHashMap<>();
        List<Record> revoked = new ArrayList<>();
        int considered = 0;
        Long last = null;
        for (AuditController.HistoryEvent e : events) {
            if (recordedAt != null && Instant.parse(e.recordedAt()).isAfter(recordedAt)) {
                continue;
            }
            if (effectiveOn != null && e.effectiveDate() != null && e.effectiveDate().isAfter(effectiveOn)) {
                continue;
            }
            considered++;
            last = e.sequence();
            String type = shortType(e.type());
            JsonNode payload = cn.ledger.contract.EventCodec.mapper().valueToTree(e.payload());
            if (PROFILE.contains(type)) {
                payload.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("effectiveDate")) {
                        profile.put(f.getKey(), AuditController.plain(f.getValue()));
                    }
                });
                profile.put("status", type.equals("unit-closed.v1") ? "CLOSED" : "ACTIVE");
                continue;
            }
            String id = recordId(payload);
            if (type.equals(REVOKED) && id != null) {
                Record gone = records.remove(id);
                if (gone != null) {
                    gone.followUps().add(e.type() + " " + e.eventId());
                    revoked.add(gone);
                }
                continue;
            }
            if (id != null && records.containsKey(id)) {
                records.get(id).followUps().add(e.type() + " " + e.eventId());
                continue;
            }
            records.put(id != null ? id : e.eventId(), new Record(id != null ? id : e.eventId(), e.type(), e.eventId(),
                    e.sequence(), e.effectiveDate(), e.recordedAt(), e.recordedBy(), e.payload(), new ArrayList<>()));
        }
        return new State(streamId, recordedAt, effectiveOn, considered, last, profile, List.copyOf(records.values()),
                revoked);
    }

    private static String recordId(JsonNode payload) {
        if (payload instanceof ObjectNode) {
            for (String field : RECORD_IDS) {
                if (payload.hasNonNull(field)) {
                    return payload.get(field).asText();
                }
            }
        }
        return null;
    }

    private static String shortType(String type) {
        return type.startsWith("cn.ledger.") ? type.substring("cn.ledger.".length()) : type;
    }
}
