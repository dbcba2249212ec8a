package cn.ledger.command.unit;

import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a unit's stream. */
public final class UnitCommands {

    private UnitCommands() {}

    public record RegisterUnit(
            @TargetAggregateIdentifier String unitId, String name, UnitCategory category, String parentUnitId,
            LocalDate effectiveDate) {}

    public record IssueCard(
            @TargetAggregateIdentifier String unitId, String cardId, String aspect, String quarter,
            CardColour colour, String issuedByUnitId, LocalDate effectiveDate) {}
}
