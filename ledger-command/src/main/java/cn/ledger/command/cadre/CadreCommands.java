package cn.ledger.command.cadre;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a cadre's stream. */
public final class CadreCommands {

    private CadreCommands() {}

    public enum Polarity { POSITIVE, NEGATIVE }

    /**
     * A record that may be entered as history: a fact about the cadre that took effect before the cadre was
     * registered in the ledger (a past grade, post or rank, a sanction whose influence period still runs).
     */
    public sealed interface HistoryFact permits AppointCadre, ChangeRank, RecordEntry, RecordInterview,
            ImposeSanction, OpenInvestigation, CloseInvestigation, RecordAnnualGrade, RecordPosting, EndPosting {
        String cadreId();

        LocalDate effectiveDate();
    }

    /**
     * Enters {@code fact} as history: it must have taken effect before the cadre's registration (and not
     * before the cadre started work); its events say so ({@code history} metadata, {@code ce_history}).
     */
    public record EnterHistory(@TargetAggregateIdentifier String cadreId, HistoryFact fact) {}

    public record RegisterCadre(
            @TargetAggregateIdentifier String cadreId, String name, String unitId, String post, String postLevel,
            LocalDate postSince, String rank, LocalDate rankSince, LocalDate workStartDate, int grassrootsYears,
            String education, LocalDate effectiveDate) {}

    public record AppointCadre(
            @TargetAggregateIdentifier String cadreId, String post, String postLevel, LocalDate effectiveDate)
            implements HistoryFact {}

    public record ChangeRank(@TargetAggregateIdentifier String cadreId, String rank, LocalDate effectiveDate)
            implements HistoryFact {}

    public record TransferCadre(@TargetAggregateIdentifier String cadreId, String toUnitId, LocalDate effectiveDate) {}

    public record RecordEntry(
            @TargetAggregateIdentifier String cadreId, String entryId, Polarity polarity, String aspect,
            BigDecimal points, String summary, List<String> evidence, LocalDate effectiveDate,
            cn.ledger.contract.NegativeFinding finding) implements HistoryFact {

        public RecordEntry(String cadreId, String entryId, Polarity polarity, String aspect, BigDecimal points,
                String summary, List<String> evidence, LocalDate effectiveDate) {
            this(cadreId, entryId, polarity, aspect, points, summary, evidence, effectiveDate, null);
        }
    }

    /** Replaces an entry: the original is revoked (superseded) and the new one recorded, atomically. */
    public record AmendEntry(
            @TargetAggregateIdentifier String cadreId, String entryId, String newEntryId, String aspect,
            BigDecimal points, String summary, List<String> evidence, String reason, LocalDate effectiveDate) {}

    public record TolerateNegativeEntry(
            @TargetAggregateIdentifier String cadreId, String entryId, String reason, LocalDate effectiveDate) {}

    /** {@code sameMeasureAs}: for a 诫勉谈话, the 诫勉 sanction of this cadre recording the same measure (optional). */
    public record RecordInterview(
            @TargetAggregateIdentifier String cadreId, String interviewId, InterviewKind kind, String interviewer,
            String reason, LocalDate effectiveDate, String sameMeasureAs) implements HistoryFact {

        public RecordInterview(String cadreId, String interviewId, InterviewKind kind, String interviewer,
                String reason, LocalDate effectiveDate) {
            this(cadreId, interviewId, kind, interviewer, reason, effectiveDate, null);
        }
    }

    /** {@code sameMeasureAs}: for a 诫勉, the 诫勉谈话 of this cadre recording the same measure (optional). */
    public record ImposeSanction(
            @TargetAggregateIdentifier String cadreId, String sanctionId, SanctionKind kind, Integer probationMonths,
            String decidedBy, String reason, LocalDate effectiveDate, String sameMeasureAs) implements HistoryFact {

        public ImposeSanction(String cadreId, String sanctionId, SanctionKind kind, Integer probationMonths,
                String decidedBy, String reason, LocalDate effectiveDate) {
            this(cadreId, sanctionId, kind, probationMonths, decidedBy, reason, effectiveDate, null);
        }
    }

    public record OpenInvestigation(
            @TargetAggregateIdentifier String cadreId, String investigationId, String authority, String reason,
            LocalDate effectiveDate) implements HistoryFact {}

    public record CloseInvestigation(
            @TargetAggregateIdentifier String cadreId, String investigationId, String outcome,
            LocalDate effectiveDate) implements HistoryFact {}

    public record RecordAnnualGrade(
            @TargetAggregateIdentifier String cadreId, String gradeId, int year, AnnualGrade grade,
            LocalDate effectiveDate) implements HistoryFact {}

    public record RecordPosting(
            @TargetAggregateIdentifier String cadreId, String postingId, FrontlineKind kind, String description,
            LocalDate endDate, LocalDate effectiveDate) implements HistoryFact {}

    public record EndPosting(@TargetAggregateIdentifier String cadreId, String postingId, LocalDate effectiveDate)
            implements HistoryFact {}

    public record FileAppeal(
            @TargetAggregateIdentifier String cadreId, String appealId, String contestedRecordId, AppealStage stage,
            String reason, LocalDate effectiveDate) {}

    public record DecideAppeal(
            @TargetAggregateIdentifier String cadreId, String appealId, AppealOutcome outcome, String reason,
            LocalDate effectiveDate) {}

    public record RevokeCadreRecord(
            @TargetAggregateIdentifier String cadreId, String recordId, String reason, LocalDate effectiveDate) {}
}
