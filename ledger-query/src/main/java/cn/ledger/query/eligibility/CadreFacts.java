package cn.ledger.query.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything the ledger holds about one cadre that eligibility rests on, including records later
 * corrected and records the ledger learnt late: the engine decides what counts as of a date.
 * {@code grassrootsYears} is the years at the grassroots (基层) recorded on {@code registeredOn}.
 * {@code unitCards} are the cards of the cadre's unit. {@code interviews} matter only as far as they are
 * 诫勉谈话, which carry an influence period.
 */
public record CadreFacts(String cadreId, LocalDate workStartDate, int grassrootsYears, LocalDate registeredOn,
        List<PostHeld> posts, List<RankHeld> ranks, List<Sanction> sanctions, List<Investigation> investigations,
        List<GradeRecord> grades, List<FrontlinePosting> frontline, List<NegativeEntry> negativeEntries,
        List<UnitCard> unitCards, List<Correction> corrections, List<Interview> interviews) {

    public CadreFacts {
        Objects.requireNonNull(cadreId, "cadreId");
        Objects.requireNonNull(workStartDate, "workStartDate");
        Objects.requireNonNull(registeredOn, "registeredOn");
        if (grassrootsYears < 0) {
            throw new IllegalArgumentException("grassrootsYears cannot be negative");
        }
        posts = List.copyOf(posts);
        ranks = List.copyOf(ranks);
        sanctions = List.copyOf(sanctions);
        investigations = List.copyOf(investigations);
        grades = List.copyOf(grades);
        frontline = List.copyOf(frontline);
        negativeEntries = List.copyOf(negativeEntries);
        unitCards = List.copyOf(unitCards);
        corrections = List.copyOf(corrections);
        interviews = List.copyOf(interviews);
    }

    /** Facts without interviews. */
    public CadreFacts(String cadreId, LocalDate workStartDate, int grassrootsYears, LocalDate registeredOn,
            List<PostHeld> posts, List<RankHeld> ranks, List<Sanction> sanctions, List<Investigation> investigations,
            List<GradeRecord> grades, List<FrontlinePosting> frontline, List<NegativeEntry> negativeEntries,
            List<UnitCard> unitCards, List<Correction> corrections) {
        this(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions, investigations, grades,
                frontline, negativeEntries, unitCards, corrections, List.of());
    }

    /** A cadre with master data only and no records yet. */
    public static CadreFacts of(String cadreId, LocalDate workStartDate, int grassrootsYears, LocalDate registeredOn) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public CadreFacts with(PostHeld post) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, plus(posts, post), ranks,
                sanctions, investigations, grades, frontline, negativeEntries, unitCards, corrections, interviews);
    }

    public CadreFacts with(RankHeld rank) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, plus(ranks, rank),
                sanctions, investigations, grades, frontline, negativeEntries, unitCards, corrections, interviews);
    }

    public CadreFacts with(Sanction sanction) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks,
                plus(sanctions, sanction), investigations, grades, frontline, negativeEntries, unitCards, corrections,
                interviews);
    }

    public CadreFacts with(Investigation investigation) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                plus(investigations, investigation), grades, frontline, negativeEntries, unitCards, corrections,
                interviews);
    }

    public CadreFacts with(GradeRecord grade) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, plus(grades, grade), frontline, negativeEntries, unitCards, corrections, interviews);
    }

    public CadreFacts with(FrontlinePosting posting) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, grades, plus(frontline, posting), negativeEntries, unitCards, corrections, interviews);
    }

    public CadreFacts with(NegativeEntry entry) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, grades, frontline, plus(negativeEntries, entry), unitCards, corrections, interviews);
    }

    public CadreFacts with(UnitCard card) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, grades, frontline, negativeEntries, plus(unitCards, card), corrections, interviews);
    }

    public CadreFacts with(Correction correction) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, grades, frontline, negativeEntries, unitCards, plus(corrections, correction),
                interviews);
    }

    public CadreFacts with(Interview interview) {
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                investigations, grades, frontline, negativeEntries, unitCards, corrections,
                plus(interviews, interview));
    }

    /** Replaces the investigation with the same id, e.g. by its closed version. */
    public CadreFacts replacing(String investigationId, UnaryOperator<Investigation> change) {
        List<Investigation> changed = investigations.stream()
                .map(i -> i.investigationId().equals(investigationId) ? change.apply(i) : i)
                .toList();
        return new CadreFacts(cadreId, workStartDate, grassrootsYears, registeredOn, posts, ranks, sanctions,
                changed, grades, frontline, negativeEntries, unitCards, corrections, interviews);
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(Objects.requireNonNull(item));
        return copy;
    }
}
