package cn.ledger.query.eligibility;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Records for tests; each is recorded at noon UTC on its effective date unless said otherwise. */
final class Fixtures {

    static final EligibilityEngine ENGINE = new EligibilityEngine(EligibilityPolicy.defaults());
    static final cn.ledger.query.review.RuleText TEXT = new cn.ledger.query.review.RuleText();

    private Fixtures() {
    }

    /** The outcome's sentence in English, as a caller asking for English reads it. */
    static String english(RuleOutcome outcome) {
        return TEXT.reason(outcome, cn.ledger.query.review.RuleText.EN);
    }

    static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    static Instant noon(String iso) {
        return d(iso).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    /** Work since 2005, four grassroots years, registered 2015, no records. */
    static CadreFacts cadre() {
        return CadreFacts.of("cadre-1", d("2005-07-01"), 4, d("2015-01-01"));
    }

    static Sanction sanction(String id, SanctionKind kind, String effective) {
        return new Sanction(id, kind, null, d(effective), noon(effective), "evt-" + id);
    }

    static Sanction probation(String id, int months, String effective) {
        return new Sanction(id, SanctionKind.PARTY_PROBATION, months, d(effective), noon(effective), "evt-" + id);
    }

    static Sanction sanctionRecordedLate(String id, SanctionKind kind, String effective, String recorded) {
        return new Sanction(id, kind, null, d(effective), noon(recorded), "evt-" + id);
    }

    static Sanction linkedSanction(String id, SanctionKind kind, String effective, String sameMeasureAs) {
        return new Sanction(id, kind, null, d(effective), noon(effective), "evt-" + id, sameMeasureAs);
    }

    static Interview interview(String id, InterviewKind kind, String effective) {
        return new Interview(id, kind, d(effective), noon(effective), "evt-" + id, null);
    }

    /** A 诫勉谈话, linked to the 诫勉 sanction {@code sameMeasureAs} when that is not null. */
    static Interview admonishmentInterview(String id, String effective, String sameMeasureAs) {
        return new Interview(id, InterviewKind.ADMONISHMENT, d(effective), noon(effective), "evt-" + id, sameMeasureAs);
    }

    /** The grade for {@code year}, decided on 20 January of the next year. */
    static GradeRecord grade(int year, AnnualGrade grade) {
        String decided = (year + 1) + "-01-20";
        return new GradeRecord(year, grade, d(decided), noon(decided), "evt-grade-" + year);
    }

    static PostHeld post(String level, String since) {
        return new PostHeld("副局长", level, d(since), noon(since), "evt-post-" + since);
    }

    static RankHeld rank(String rank, String since) {
        return new RankHeld(rank, d(since), noon(since), "evt-rank-" + since);
    }

    static Correction revoked(String recordId, String effective) {
        return new Correction(recordId, Correction.Kind.REVOKED, d(effective), noon(effective), "evt-rev-" + recordId);
    }

    static Correction revokedRecordedLate(String recordId, String effective, String recorded) {
        return new Correction(recordId, Correction.Kind.REVOKED, d(effective), noon(recorded), "evt-rev-" + recordId);
    }

    static Correction tolerated(String recordId, String effective) {
        return new Correction(recordId, Correction.Kind.TOLERATED, d(effective), noon(effective),
                "evt-tol-" + recordId);
    }

    static FrontlinePosting frontline(String id, FrontlineKind kind, String start) {
        return new FrontlinePosting(id, kind, d(start), null, noon(start), "evt-" + id);
    }

    static NegativeEntry negative(String id, String effective) {
        return new NegativeEntry(id, 2, d(effective), noon(effective), "evt-" + id);
    }

    static UnitCard card(String id, String quarter, CardColour colour, String issued) {
        return new UnitCard(id, quarter, colour, "经济运行", d(issued), noon(issued), "evt-" + id);
    }

    static Investigation investigation(String id, String opened) {
        return Investigation.open(id, d(opened), noon(opened), "evt-" + id);
    }
}
