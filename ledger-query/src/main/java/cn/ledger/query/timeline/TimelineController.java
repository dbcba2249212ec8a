package cn.ledger.query.timeline;

import cn.ledger.contract.EventCodec;
import cn.ledger.security.web.NotFound;
import cn.ledger.security.web.Cursor;
import cn.ledger.security.web.RequestParams;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Parameter;
import com.fasterxml.jackson.core.type.TypeReference;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A cadre's or unit's records in stream order, each with what corrected it. Revoked and 容错免责
 * records are shown and flagged, never hidden.
 */
@RestController
@Validated
@RequestMapping("/api/v1/streams")
@Tag(name = "timeline", description = "Every record of a cadre or unit, in order, with its corrections")
public class TimelineController {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** Events that act on a record created earlier rather than creating one. */
    private static final List<String> FOLLOW_UPS = List.of("-revoked", "-tolerated", "-completed", "-closed",
            "-decided", "-ended");

    private final JdbcTemplate jdbc;
    private final cn.ledger.query.history.AnswerBasis basis;

    public TimelineController(JdbcTemplate jdbc, cn.ledger.query.history.AnswerBasis basis) {
        this.jdbc = jdbc;
        this.basis = basis;
    }

    public record Correction(String kind, String eventId, String reason, String supersededBy, LocalDate effectiveDate,
            Instant recordedAt) {}

    /**
     * {@code originalData}: when some of the payload's text could not be stored as it was (U+0000, an unpaired
     * surrogate; {@code data} shows U+FFFD there), the payload as published, base64 of its UTF-8 JSON; else null.
     */
    public record TimelineRecord(String eventId, long sequence, String type, String recordId, LocalDate effectiveDate,
            Instant recordedAt, String recordedBy, String correlationId, Map<String, Object> data,
            List<Correction> corrections, String originalData) {}

    /** {@code completeness}: whether records of the stream are parked, i.e. missing from this list. */
    public record Timeline(String streamId, List<TimelineRecord> records, String next,
            cn.ledger.projection.Completeness completeness) {}

    @GetMapping("/{streamId}/records")
    @Operation(summary = "A stream's records, oldest first, with their corrections, a page at a time (limit, cursor → next)")
    public Timeline records(@PathVariable String streamId,
            @Parameter(description = "the next of the page before; absent for the first page")
            @RequestParam(required = false) String cursor,
            @Parameter(description = "at most 1000") @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @Parameter(description = "deprecated: start after this sequence; use cursor", deprecated = true)
            @RequestParam(required = false) @Min(-1) Long afterSequence, HttpServletResponse response) {
        RequestParams.id("streamId", streamId);
        long afterSeq = Cursor.position("timeline", cursor, "afterSequence",
                afterSequence == null ? null : afterSequence + 1, 0) - 1;
        Boolean exists = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ledger_record WHERE stream_id = ?)",
                Boolean.class, streamId);
        if (!Boolean.TRUE.equals(exists)) {
            throw new NotFound("No records for " + streamId + " in the ledger");
        }
        List<TimelineRecord> records = jdbc.query("""
                SELECT r.*, r.payload::text AS data
                  FROM ledger_record r
                 WHERE r.stream_id = ? AND r.sequence > ?
                 ORDER BY r.sequence LIMIT ?""",
                (rs, i) -> {
                    Map<String, Object> data = parse(rs.getString("data"));
                    String recordId = recordIdOf(rs.getString("type"), data);
                    return new TimelineRecord(rs.getString("event_id"), rs.getLong("sequence"), rs.getString("type"),
                            recordId, rs.getObject("effective_date", LocalDate.class),
                            rs.getTimestamp("recorded_at").toInstant(), rs.getString("recorded_by"),
                            rs.getString("correlation_id"), data, List.of(), original(rs.getBytes("payload_original")));
                },
                streamId, afterSeq, limit + 1);
        String next = null;
        if (records.size() > limit) {
            records = records.subList(0, limit);
            next = Cursor.of("timeline", records.get(limit - 1).sequence() + 1);
        }
        Cursor.linkNext(response, next, "afterSequence");
        List<Correction> corrections = jdbc.query("""
                SELECT * FROM correction WHERE stream_id = ? ORDER BY recorded_at""",
                (rs, i) -> new Correction(rs.getString("kind") + ":" + rs.getString("record_id"),
                        rs.getString("event_id"), rs.getString("reason"), rs.getString("superseded_by"),
                        rs.getObject("effective_date", LocalDate.class), rs.getTimestamp("recorded_at").toInstant()),
                streamId);
        List<TimelineRecord> withCorrections = records.stream().map(r -> r.recordId() == null ? r
                : new TimelineRecord(r.eventId(), r.sequence(), r.type(), r.recordId(), r.effectiveDate(),
                        r.recordedAt(), r.recordedBy(), r.correlationId(), r.data(), corrections.stream()
                                .filter(c -> c.kind().endsWith(":" + r.recordId()))
                                .map(c -> new Correction(c.kind().substring(0, c.kind().indexOf(':')), c.eventId(),
                                        c.reason(), c.supersededBy(), c.effectiveDate(), c.recordedAt()))
                                .toList(), r.originalData()))
                .toList();
        return new Timeline(streamId, withCorrections, next, basis.ofStreams(List.of(streamId)));
    }

    private static String original(byte[] payload) {
        return payload == null ? null : java.util.Base64.getEncoder().encodeToString(payload);
    }

    /** The id of the record an event creates, when it creates one that can later be corrected. */
    private static String recordIdOf(String type, Map<String, Object> data) {
        if (FOLLOW_UPS.stream().anyMatch(suffix -> type.contains(suffix + "."))) {
            return null;
        }
        for (String key : List.of("entryId", "interviewId", "sanctionId", "investigationId", "gradeId", "postingId",
                "appealId", "cardId", "assignmentId", "evaluationId", "procedureId")) {
            if (data.get(key) instanceof String id) {
                return id;
            }
        }
        return null;
    }

    private static Map<String, Object> parse(String json) {
        try {
            return EventCodec.mapper().readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
