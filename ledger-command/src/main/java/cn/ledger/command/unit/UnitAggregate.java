package cn.ledger.command.unit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.unit.UnitCommands.IssueCard;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.UnitRegistered;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** A unit (单位): its registration and the cards its parent issues to it. */
@Aggregate(type = UnitAggregate.TYPE)
public class UnitAggregate {

    public static final String TYPE = "Unit";

    @AggregateIdentifier
    private String unitId;
    private LocalDate registeredOn;
    private final Set<String> cardSlots = new HashSet<>();

    protected UnitAggregate() {}

    @CommandHandler
    public UnitAggregate(RegisterUnit command) {
        apply(new UnitRegistered(command.unitId(), command.name(), command.category(), command.parentUnitId(),
                command.effectiveDate()));
    }

    /** Issues a card; one card per aspect and quarter, corrections being separate records. */
    @CommandHandler
    public long handle(IssueCard command) {
        if (command.effectiveDate().isBefore(registeredOn)) {
            throw RuleViolation.invalid("effectiveDate", "is before the unit was registered (" + registeredOn + ")");
        }
        if (cardSlots.contains(slot(command.aspect(), command.quarter()))) {
            throw RuleViolation.conflict("aspect",
                    "a card for " + command.aspect() + " in " + command.quarter() + " was already issued to this unit");
        }
        apply(new CardIssued(command.unitId(), command.cardId(), command.aspect(), command.quarter(),
                command.colour(), command.issuedByUnitId(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(UnitRegistered event) {
        unitId = event.unitId();
        registeredOn = event.effectiveDate();
    }

    @EventSourcingHandler
    void on(CardIssued event) {
        cardSlots.add(slot(event.aspect(), event.quarter()));
    }

    private static String slot(String aspect, String quarter) {
        return aspect + '\u0000' + quarter;
    }
}
