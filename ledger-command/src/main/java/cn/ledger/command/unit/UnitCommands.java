package cn.ledger.command.unit;

import cn.ledger.contract.AssignmentKind;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a unit's stream. */
public final class UnitCommands {

    private UnitCommands() {}

    public record RegisterUnit(
            @TargetAggregateIdentifier String unitId, String name, UnitCategory category, String parentUnitId,
            LocalDate effectiveDate) {}

    public record RenameUnit(@TargetAggregateIdentifier String unitId, String name, LocalDate effectiveDate) {}

    public record CloseUnit(@TargetAggregateIdentifier String unitId, String reason, LocalDate effectiveDate) {}

    public record IssueCard(
            @TargetAggregateIdentifier String unitId, String cardId, String aspect, String quarter,
            CardColour colour, String issuedByUnitId, LocalDate effectiveDate) {}

    public record IssueAssignment(
            @TargetAggregateIdentifier String unitId, String assignmentId, AssignmentKind kind, String title,
            LocalDate dueDate, String issuedByUnitId, LocalDate effectiveDate) {}

    public record CompleteAssignment(
            @TargetAggregateIdentifier String unitId, String assignmentId, String note, LocalDate effectiveDate) {}

    public record ScoreEvaluation(
            @TargetAggregateIdentifier String unitId, String evaluationId, String month, BigDecimal score,
            String assessor, LocalDate effectiveDate) {}

    public record OpenAccountabilityProcedure(
            @TargetAggregateIdentifier String unitId, String procedureId, String month, String reason,
            LocalDate effectiveDate) {}

    public record RevokeUnitRecord(
            @TargetAggregateIdentifier String unitId, String recordId, String reason, LocalDate effectiveDate) {}
}
