package cn.ledger.query.eligibility;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.SanctionKind;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A term of the regulations the catalogue names in each language: a sanction kind, a grade, a correction,
 * a kind of frontline posting. In JSON it is its code (e.g. {@code GOVERNMENT_DEMERIT}); in text the
 * catalogue's {@code term.<group>.<code>}.
 */
public record Term(Group group, String code) {

    public enum Group {
        SANCTION("sanction", Arrays.stream(SanctionKind.values()).map(Enum::name).toList()),
        /** A recorded annual grade, or NONE when none is recorded. */
        GRADE("grade", Stream.concat(Arrays.stream(AnnualGrade.values()).map(Enum::name), Stream.of("NONE")).toList()),
        /** A year's grade as it counts (YearGrades.Standing). */
        STANDING("standing", Arrays.stream(YearGrades.Standing.values()).map(Enum::name).toList()),
        CORRECTION("correction", Arrays.stream(Correction.Kind.values()).map(Enum::name).toList()),
        POSTING("posting", Arrays.stream(FrontlineKind.values()).map(Enum::name).toList()),
        INTERVIEW("interview", Arrays.stream(cn.ledger.contract.InterviewKind.values()).map(Enum::name).toList());

        private final String key;
        private final List<String> codes;

        Group(String key, List<String> codes) {
            this.key = key;
            this.codes = codes;
        }

        public String key() {
            return key;
        }

        /** Every code of the group: each has a name in both languages. */
        public List<String> codes() {
            return codes;
        }
    }

    public Term {
        Objects.requireNonNull(group, "group");
        if (!group.codes().contains(code)) {
            throw new IllegalArgumentException("No " + group.key() + " term " + code);
        }
    }

    /** The catalogue key of the term's name. */
    public String key() {
        return "term." + group.key() + "." + code;
    }

    @JsonValue
    String json() {
        return code;
    }

    static Term of(SanctionKind kind) {
        return new Term(Group.SANCTION, kind.name());
    }

    static Term of(AnnualGrade grade) {
        return new Term(Group.GRADE, grade == null ? "NONE" : grade.name());
    }

    static Term of(YearGrades.Standing standing) {
        return new Term(Group.STANDING, standing.name());
    }

    static Term of(Correction.Kind kind) {
        return new Term(Group.CORRECTION, kind.name());
    }

    static Term of(cn.ledger.contract.InterviewKind kind) {
        return new Term(Group.INTERVIEW, kind.name());
    }

    static Term of(FrontlineKind kind) {
        return new Term(Group.POSTING, kind.name());
    }
}
