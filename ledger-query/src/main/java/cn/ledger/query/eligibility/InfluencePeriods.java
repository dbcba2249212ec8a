package cn.ledger.query.eligibility;

import cn.ledger.contract.SanctionKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Influence periods (影响期): how long each measure blocks, and how several combine.
 *
 * <p>A measure is one decision: a sanction, or a 诫勉 — which an office enters once, as a sanction of
 * kind {@link SanctionKind#ORGANISATIONAL_ADMONISHMENT} or as a 诫勉谈话 interview, and sometimes both
 * ways. 诫勉 records of the cadre taking effect on the same day are one measure, and so are records linked
 * by {@code sameMeasureAs}; a measure takes effect on its earliest record's date. A record no longer
 * counting (revoked, 容错免责) takes no part; the others of its measure still count.
 *
 * <p>Combination, taking measures in effective-date order: a measure taking effect while a period runs
 * adds its own months to the time remaining, so the running end moves by its months; one taking effect
 * on or after the running end starts a new span. Adding is never shorter than either period alone, so
 * "the heaviest effect applies" holds without a separate step. A continuous span never runs longer than
 * 48 months from its first measure; that cap limits accumulation only and never cuts a single
 * measure's own period (开除党籍's 60 months stand).
 */
final class InfluencePeriods {

    /** National ceiling on a combined influence period (reg). */
    static final int CAP_MONTHS = 48;

    /** One decision carrying an influence period, with every record that enters it (earliest first). */
    record Measure(List<LedgerRecord> records) {
        Measure {
            records = records.stream()
                    .sorted(Comparator.comparing(LedgerRecord::effectiveDate).thenComparing(LedgerRecord::recordedAt))
                    .toList();
        }

        LocalDate effectiveDate() {
            return records.get(0).effectiveDate();
        }

        Instant recordedAt() {
            return records.get(0).recordedAt();
        }

        boolean isAdmonishment() {
            return InfluencePeriods.isAdmonishment(records.get(0));
        }

        /** The sanction of a measure that is not a 诫勉 (such a measure is that one sanction). */
        Sanction sanction() {
            return (Sanction) records.get(0);
        }

        List<String> eventIds() {
            return records.stream().map(LedgerRecord::eventId).toList();
        }

        List<String> recordIds() {
            return records.stream().map(LedgerRecord::recordId).toList();
        }

        /** The measure as a part of an outcome: its record, or its records as one measure. */
        Part part() {
            return records.size() == 1 ? recordPart(records.get(0))
                    : OutcomeCode.PART_MEASURE.part("records", records.stream().map(InfluencePeriods::recordPart).toList());
        }

        /** The same with the months it blocks for the question asked. */
        Part periodPart(int months) {
            if (records.size() > 1) {
                return OutcomeCode.PART_MEASURE_PERIOD.part("records",
                        records.stream().map(InfluencePeriods::recordPart).toList(), "months", months);
            }
            LedgerRecord only = records.get(0);
            return only instanceof Sanction s
                    ? OutcomeCode.PART_SANCTION_PERIOD.part("kind", Term.of(s.kind()), "effectiveDate", s.effectiveDate(),
                            "months", months, "recordId", s.sanctionId())
                    : OutcomeCode.PART_INTERVIEW_PERIOD.part("kind", Term.of(((Interview) only).kind()),
                            "effectiveDate", only.effectiveDate(), "months", months, "recordId", only.recordId());
        }
    }

    /** A continuous blocked span from {@code start} until (not including) {@code end}. */
    record Span(LocalDate start, LocalDate end, List<Measure> measures, boolean capped) {
        boolean blocksOn(LocalDate day) {
            return !day.isBefore(start) && day.isBefore(end);
        }
    }

    private InfluencePeriods() {
    }

    /** A 诫勉, whichever way it was entered. */
    static boolean isAdmonishment(LedgerRecord record) {
        return record instanceof Sanction s && s.kind() == SanctionKind.ORGANISATIONAL_ADMONISHMENT
                || record instanceof Interview i && i.isAdmonishment();
    }

    static Part recordPart(LedgerRecord record) {
        return record instanceof Sanction s ? s.part() : ((Interview) record).part();
    }

    /**
     * The measures that the counting sanctions and 诫勉谈话 interviews form, in effective-date order: each
     * sanction other than a 诫勉 on its own; 诫勉 records on the same day, or linked by {@code sameMeasureAs}
     * (either way round), together. Interviews of other kinds carry no period and are left out.
     */
    static List<Measure> measures(List<Sanction> sanctions, List<Interview> interviews) {
        List<Measure> measures = new ArrayList<>();
        List<LedgerRecord> admonishments = new ArrayList<>();
        for (Sanction s : sanctions) {
            if (isAdmonishment(s)) {
                admonishments.add(s);
            } else {
                measures.add(new Measure(List.of(s)));
            }
        }
        interviews.stream().filter(Interview::isAdmonishment).forEach(admonishments::add);
        int[] parent = new int[admonishments.size()];
        Map<String, Integer> byId = new HashMap<>();
        Map<LocalDate, Integer> firstOnDay = new HashMap<>();
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
            byId.put(admonishments.get(i).recordId(), i);
        }
        for (int i = 0; i < parent.length; i++) {
            LedgerRecord r = admonishments.get(i);
            int index = i;
            union(parent, i, firstOnDay.computeIfAbsent(r.effectiveDate(), day -> index));
            Integer linked = byId.get(sameMeasureAs(r));
            if (linked != null) {
                union(parent, i, linked);
            }
        }
        Map<Integer, List<LedgerRecord>> groups = new LinkedHashMap<>();
        for (int i = 0; i < parent.length; i++) {
            groups.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(admonishments.get(i));
        }
        groups.values().forEach(records -> measures.add(new Measure(records)));
        measures.sort(Comparator.comparing(Measure::effectiveDate).thenComparing(Measure::recordedAt));
        return measures;
    }

    private static String sameMeasureAs(LedgerRecord record) {
        String link = record instanceof Sanction s ? s.sameMeasureAs() : ((Interview) record).sameMeasureAs();
        return link == null ? "" : link;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[root(parent, a)] = root(parent, b);
    }

    /**
     * The months a measure blocks for the purpose. A 诫勉 blocks the months the policy sets.
     * 责令辞职/免职: for one year no leadership post equal to the one held before the measure, for two years
     * none above it and no rank promotion; {@code heldBefore} is the post held the day before the measure
     * took effect (when none is known, every target counts as above it). Awards: 12 months.
     */
    static int months(Measure measure, Purpose purpose, EligibilityPolicy policy, Optional<PostHeld> heldBefore) {
        if (measure.isAdmonishment()) {
            return policy.admonishmentMonths();
        }
        Sanction sanction = measure.sanction();
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
                    resignationOrRemovalMonths(purpose, heldBefore);
            case ORGANISATIONAL_DEMOTION -> 24;
        };
    }

    private static int resignationOrRemovalMonths(Purpose purpose, Optional<PostHeld> heldBefore) {
        if (purpose instanceof Purpose.RankPromotion) {
            return 24;
        }
        if (purpose instanceof Purpose.LeadershipPost post) {
            boolean above = heldBefore.map(held -> PostLevels.rank(post.targetLevel()) > PostLevels.rank(held.level()))
                    .orElse(true);
            return above ? 24 : 12;
        }
        return 12;
    }

    static List<Span> spans(List<Measure> measures, ToIntFunction<Measure> months) {
        List<Measure> ordered = measures.stream()
                .sorted(Comparator.comparing(Measure::effectiveDate).thenComparing(Measure::recordedAt))
                .toList();
        List<Span> spans = new ArrayList<>();
        LocalDate start = null;
        LocalDate end = null;
        LocalDate longestOwnEnd = null;
        boolean capped = false;
        List<Measure> members = new ArrayList<>();
        for (Measure m : ordered) {
            int own = months.applyAsInt(m);
            LocalDate ownEnd = m.effectiveDate().plusMonths(own);
            if (end != null && m.effectiveDate().isBefore(end)) {
                LocalDate added = end.plusMonths(own);
                longestOwnEnd = later(longestOwnEnd, ownEnd);
                LocalDate cap = later(start.plusMonths(CAP_MONTHS), longestOwnEnd);
                capped = capped || added.isAfter(cap);
                end = added.isAfter(cap) ? cap : added;
                members.add(m);
            } else {
                if (end != null) {
                    spans.add(new Span(start, end, members, capped));
                }
                start = m.effectiveDate();
                end = ownEnd;
                longestOwnEnd = ownEnd;
                capped = false;
                members = new ArrayList<>(List.of(m));
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
