package cn.ledger.query.eligibility;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cadre's records as the ledger knew them at {@code knownAt} (null: everything it holds), taking
 * effect on or before {@code asOf}. A correction applies the same way: only once it has taken effect
 * and the ledger knows it. A revocation is therefore not retroactive for earlier dates: a sanction
 * revoked on appeal still blocked before the revocation took effect, as the decision is not suspended
 * while under review.
 */
final class KnownLedger {

    private final CadreFacts facts;
    private final LocalDate asOf;
    private final Instant knownAt;

    KnownLedger(CadreFacts facts, LocalDate asOf, Instant knownAt) {
        this.facts = facts;
        this.asOf = asOf;
        this.knownAt = knownAt;
    }

    CadreFacts facts() {
        return facts;
    }

    LocalDate asOf() {
        return asOf;
    }

    boolean isKnown(LedgerRecord record) {
        return !record.effectiveDate().isAfter(asOf) && isLearnt(record.recordedAt());
    }

    boolean isLearnt(Instant recordedAt) {
        return knownAt == null || !recordedAt.isAfter(knownAt);
    }

    /** The known correction that stops the record counting, if any. */
    Optional<Correction> correctionOf(LedgerRecord record) {
        return facts.corrections().stream()
                .filter(c -> c.recordId().equals(record.recordId()))
                .filter(this::isKnown)
                .min(Comparator.comparing(Correction::effectiveDate));
    }

    /** Known records that still count, i.e. not revoked or tolerated as far as is known. */
    <R extends LedgerRecord> List<R> counting(List<R> records) {
        return records.stream().filter(this::isKnown).filter(r -> correctionOf(r).isEmpty()).toList();
    }

    /** Known records that a known correction has taken out of the count. */
    <R extends LedgerRecord> List<R> corrected(List<R> records) {
        return records.stream().filter(this::isKnown).filter(r -> correctionOf(r).isPresent()).toList();
    }

    /** The post held on {@code asOf}: the latest known appointment. */
    Optional<PostHeld> currentPost() {
        return counting(facts.posts()).stream()
                .max(Comparator.comparing(PostHeld::since).thenComparing(PostHeld::recordedAt));
    }

    /** The post held the day before {@code day}: the latest known appointment that started before it. */
    Optional<PostHeld> postBefore(LocalDate day) {
        return counting(facts.posts()).stream()
                .filter(p -> p.since().isBefore(day))
                .max(Comparator.comparing(PostHeld::since).thenComparing(PostHeld::recordedAt));
    }

    /** The rank held on {@code asOf}: the latest known rank change. */
    Optional<RankHeld> currentRank() {
        return counting(facts.ranks()).stream()
                .max(Comparator.comparing(RankHeld::since).thenComparing(RankHeld::recordedAt));
    }

    /** The latest known grade for {@code year}, if any. */
    Optional<GradeRecord> grade(int year) {
        return counting(facts.grades()).stream()
                .filter(g -> g.year() == year)
                .max(Comparator.comparing(GradeRecord::effectiveDate).thenComparing(GradeRecord::recordedAt));
    }

    /** The corrected records and their corrections, for an outcome's {@code notCounted}. */
    static List<Part> notCounted(List<? extends LedgerRecord> corrected, KnownLedger ledger) {
        return corrected.stream().map(r -> {
            Correction c = ledger.correctionOf(r).orElseThrow();
            return OutcomeCode.PART_NOT_COUNTED.part("recordId", r.recordId(), "correction", Term.of(c.kind()),
                    "from", c.effectiveDate());
        }).toList();
    }

    /** The event ids of the corrected records' corrections. */
    List<String> correctionEventIds(List<? extends LedgerRecord> corrected) {
        return corrected.stream().map(r -> correctionOf(r).orElseThrow().eventId()).toList();
    }
}
