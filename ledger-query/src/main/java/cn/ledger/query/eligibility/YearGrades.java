package cn.ledger.query.eligibility;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.SanctionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A year's grade as it counts: the recorded grade adjusted by the sanctions that took effect that
 * year (or the year before, for 记大过/降级/撤职), per the regulations:
 * 警告 or 调整职务: cannot be 优秀 (a recorded 优秀 counts as 称职); 严重警告 or 记过: no grade that
 * year; 记大过, 降级, 撤职: no grade that year or the next; 撤销党内职务, 留党察看, 开除党籍: 不称职.
 * 警告 covers both the Party and the government warning.
 */
final class YearGrades {

    enum Standing {
        /** 优秀 */
        EXCELLENT,
        /** 称职 */
        COMPETENT,
        /** 基本称职 */
        BASICALLY_COMPETENT,
        /** 不称职 */
        INCOMPETENT,
        /** 不定等次 because of a sanction. */
        UNGRADED,
        /** No grade recorded. */
        MISSING;

        /** Whether the year counts as time in rank (称职 or better). */
        boolean counts() {
            return this == EXCELLENT || this == COMPETENT;
        }
    }

    /** How a sanction bears on grades. */
    enum Effect {
        NONE, NOT_EXCELLENT, UNGRADED_THAT_YEAR, UNGRADED_TWO_YEARS, INCOMPETENT
    }

    record YearGrade(int year, Standing standing, Optional<GradeRecord> recorded, List<Sanction> sanctions) {

        List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            recorded.ifPresent(g -> ids.add(g.eventId()));
            sanctions.forEach(s -> ids.add(s.eventId()));
            return ids;
        }

        /** The year's grade as a part of an outcome; with the recorded grade and the sanctions where they bear on it. */
        Part part() {
            if (sanctions.isEmpty()) {
                return OutcomeCode.PART_YEAR_GRADE.part("year", year, "standing", Term.of(standing));
            }
            return OutcomeCode.PART_YEAR_GRADE_SANCTIONED.part("year", year, "standing", Term.of(standing),
                    "recorded", Term.of(recorded.map(GradeRecord::grade).orElse(null)),
                    "sanctions", sanctions.stream().map(Sanction::part).toList());
        }
    }

    private YearGrades() {
    }

    static Effect effect(SanctionKind kind) {
        return switch (kind) {
            case PARTY_WARNING, GOVERNMENT_WARNING, ORGANISATIONAL_REASSIGNMENT -> Effect.NOT_EXCELLENT;
            case PARTY_SERIOUS_WARNING, GOVERNMENT_DEMERIT -> Effect.UNGRADED_THAT_YEAR;
            case GOVERNMENT_MAJOR_DEMERIT, GOVERNMENT_DEMOTION, GOVERNMENT_REMOVAL -> Effect.UNGRADED_TWO_YEARS;
            case PARTY_REMOVAL_FROM_POST, PARTY_PROBATION, PARTY_EXPULSION -> Effect.INCOMPETENT;
            default -> Effect.NONE;
        };
    }

    /** The year's grade as it counts, from the recorded grade and the counting sanctions. */
    static YearGrade of(int year, Optional<GradeRecord> recorded, List<Sanction> sanctions) {
        List<Sanction> bearing = new ArrayList<>();
        boolean incompetent = false;
        boolean ungraded = false;
        boolean notExcellent = false;
        for (Sanction s : sanctions) {
            int sanctionYear = s.effectiveDate().getYear();
            Effect effect = effect(s.kind());
            boolean bears = sanctionYear == year && effect != Effect.NONE
                    || sanctionYear == year - 1 && effect == Effect.UNGRADED_TWO_YEARS;
            if (!bears) {
                continue;
            }
            bearing.add(s);
            switch (effect) {
                case INCOMPETENT -> incompetent = true;
                case UNGRADED_THAT_YEAR, UNGRADED_TWO_YEARS -> ungraded = true;
                case NOT_EXCELLENT -> notExcellent = true;
                default -> {
                }
            }
        }
        Standing standing;
        if (incompetent) {
            standing = Standing.INCOMPETENT;
        } else if (ungraded) {
            standing = Standing.UNGRADED;
        } else if (recorded.isEmpty()) {
            standing = Standing.MISSING;
        } else {
            standing = switch (recorded.get().grade()) {
                case EXCELLENT -> notExcellent ? Standing.COMPETENT : Standing.EXCELLENT;
                case COMPETENT -> Standing.COMPETENT;
                case BASICALLY_COMPETENT -> Standing.BASICALLY_COMPETENT;
                case INCOMPETENT -> Standing.INCOMPETENT;
            };
        }
        return new YearGrade(year, standing, recorded, List.copyOf(bearing));
    }

    /** Whether a year that has not ended yet is already known not to count, whatever its grade. */
    static boolean knownNotToCount(YearGrade grade) {
        return !grade.sanctions().isEmpty()
                && (grade.standing() == Standing.UNGRADED || grade.standing() == Standing.INCOMPETENT);
    }
}
