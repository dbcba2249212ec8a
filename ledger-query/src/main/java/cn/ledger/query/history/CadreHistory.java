package cn.ledger.query.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the read model holds about one cadre, as it stood on {@code asOf} (records effective by then)
 * and as the ledger knew it at {@code knownAt} (records recorded by then). A record is listed with
 * the correction that took it out of the count, if one applies in the same window.
 */
public record CadreHistory(
        String cadreId,
        String name,
        LocalDate registeredOn,
        LocalDate workStartDate,
        int grassrootsYears,
        String education,
        LocalDate asOf,
        Instant knownAt,
        List<Post> posts,
        List<Rank> ranks,
        List<Membership> units,
        List<Entry> entries,
        List<Interview> interviews,
        List<Sanction> sanctions,
        List<Investigation> investigations,
        List<Grade> grades,
        List<Posting> postings,
        List<Appeal> appeals) {

    /** A correction in force: {@code REVOKED} or {@code TOLERATED} (容错免责). */
    public record Correction(String kind, String reason, String supersededBy, LocalDate effectiveDate,
            Instant recordedAt, String eventId) {}

    public record Post(String post, String level, LocalDate since, Instant recordedAt, String eventId) {}

    public record Rank(String rank, LocalDate since, Instant recordedAt, String eventId) {}

    public record Membership(String unitId, String unitName, LocalDate since, Instant recordedAt, String eventId) {}

    public record Entry(String entryId, String polarity, String aspect, BigDecimal points, String summary,
            List<String> evidence, LocalDate effectiveDate, Instant recordedAt, String eventId,
            Correction correction) {

        public boolean counts() {
            return correction == null;
        }
    }

    /** {@code sameMeasureAs}: for a 诫勉谈话, the 诫勉 sanction recorded as the same measure, if linked. */
    public record Interview(String interviewId, String unitId, String kind, String interviewer, String reason,
            LocalDate effectiveDate, Instant recordedAt, String eventId, Correction correction,
            String sameMeasureAs) {}

    /** {@code sameMeasureAs}: for a 诫勉, the 诫勉谈话 recorded as the same measure, if linked. */
    public record Sanction(String sanctionId, String kind, Integer probationMonths, String decidedBy, String reason,
            LocalDate effectiveDate, Instant recordedAt, String eventId, Correction correction,
            String sameMeasureAs) {}

    /** {@code closedOn} is null while the investigation is open in the window. */
    public record Investigation(String investigationId, String authority, String reason, LocalDate openedOn,
            Instant recordedAt, String eventId, LocalDate closedOn, String outcome, String closedEventId,
            Correction correction) {}

    public record Grade(String gradeId, int year, String grade, LocalDate effectiveDate, Instant recordedAt,
            String eventId, Correction correction) {}

    /** {@code endDate} is null while the posting runs in the window. */
    public record Posting(String postingId, String kind, String description, LocalDate startDate, LocalDate endDate,
            Instant recordedAt, String eventId, String endedEventId, Correction correction) {}

    /** {@code outcome} is null while the appeal is undecided in the window. */
    public record Appeal(String appealId, String contestedRecordId, String stage, String reason,
            LocalDate decisionDueBy, LocalDate filedOn, Instant recordedAt, String eventId, String outcome,
            String decisionReason, LocalDate decidedOn, String decidedEventId) {}

    public Post currentPost() {
        return posts.isEmpty() ? null : posts.get(posts.size() - 1);
    }

    public Rank currentRank() {
        return ranks.isEmpty() ? null : ranks.get(ranks.size() - 1);
    }

    public Membership currentUnit() {
        return units.isEmpty() ? null : units.get(units.size() - 1);
    }
}
