package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Influence periods (影响期): how long each sanction blocks, and how several combine.
 *
 * <p>Combination, taking sanctions in effective-date order: a sanction taking effect while a period
 * runs adds its own months to the time remaining, so the running end moves by its months; one
 * taking effect on or after the running end starts a new span. Adding is never shorter than either
 * period alone, so "the heaviest effect applies" holds without a separate step. A continuous span
 * never runs longer than 48 months from its first sanction; that cap limits accumulation only and
 * never cuts a single sanction's own period (开除党籍's 60 months stand).
 */
final class InfluencePeriods {

    /** National ceiling on a combined influence period (reg). */
    static final int CAP_MONTHS = 48;

    /** A continuous blocked span from {@code start} until (not including) {@code end}. */
    record Span(LocalDate start, LocalDate end, List<Sanction> sanctions, boolean capped) {
        boolean blocksOn(LocalDate day) {
            return !day.isBefore(start) && day.isBefore(end);
        }
    }

    private InfluencePeriods() {
    }

    /**
     * The months a sanction blocks. 责令辞职/免职: 12 months without a leadership post and 24 without
     * promotion; read as 12 for leadership-post selection and awards, 24 for rank promotion.
     */
    static int months(Sanction sanction, Purpose purpose, EligibilityPolicy policy) {
        return switch (sanction.kind()) {
            case PARTY_WARNING -> 12;
            case PARTY_SERIOUS_WARNING -> 18;
            case PARTY_REMOVAL_FROM_POST -> 24;
            case PARTY_PROBATION -> sanction.probationMonths() + 24;
            case PARTY_EXPULSION -> 60;
            case GOVERNMENT_WARNING -> 6;
            case GOVERNMENT_DEMERIT -> 12;
            case GOVERNMENT_MAJOR_DEMERIT -> 18;
            case GOVERNMENT_DEMOTION, GOVERNMENT_REMOVAL -> 24;
            case ORGANISATIONAL_ADMONISHMENT -> policy.admonishmentMonths();
            case ORGANISATIONAL_REASSIGNMENT -> 12;
            case ORGANISATIONAL_ORDERED_TO_RESIGN, ORGANISATIONAL_REMOVAL ->
                    purpose instanceof Purpose.RankPromotion ? 24 : 12;
            case ORGANISATIONAL_DEMOTION -> 24;
        };
    }

    static List<Span> spans(List<Sanction> sanctions, Purpose purpose, EligibilityPolicy policy) {
        List<Sanction> ordered = sanctions.stream()
                .sorted(Comparator.comparing(Sanction::effectiveDate).thenComparing(Sanction::recordedAt))
                .toList();
        List<Span> spans = new ArrayList<>();
        LocalDate start = null;
        LocalDate end = null;
        LocalDate longestOwnEnd = null;
        boolean capped = false;
        List<Sanction> members = new ArrayList<>();
        for (Sanction s : ordered) {
            LocalDate ownEnd = s.effectiveDate().plusMonths(months(s, purpose, policy));
            if (end != null && s.effectiveDate().isBefore(end)) {
                LocalDate added = end.plusMonths(months(s, purpose, policy));
                longestOwnEnd = later(longestOwnEnd, ownEnd);
                LocalDate cap = later(start.plusMonths(CAP_MONTHS), longestOwnEnd);
                capped = capped || added.isAfter(cap);
                end = added.isAfter(cap) ? cap : added;
                members.add(s);
            } else {
                if (end != null) {
                    spans.add(new Span(start, end, members, capped));
                }
                start = s.effectiveDate();
                end = ownEnd;
                longestOwnEnd = ownEnd;
                capped = false;
                members = new ArrayList<>(List.of(s));
            }
        }
        if (end != null) {
            spans.add(new Span(start, end, members, capped));
        }
        return spans;
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
