package cn.ledger.command.unit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.unit.UnitCommands.CloseUnit;
import cn.ledger.command.unit.UnitCommands.CompleteAssignment;
import cn.ledger.command.unit.UnitCommands.IssueAssignment;
import cn.ledger.command.unit.UnitCommands.IssueCard;
import cn.ledger.command.unit.UnitCommands.OpenAccountabilityProcedure;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.command.unit.UnitCommands.RenameUnit;
import cn.ledger.command.unit.UnitCommands.RevokeUnitRecord;
import cn.ledger.command.unit.UnitCommands.ScoreEvaluation;
import cn.ledger.contract.event.AccountabilityProcedureOpened;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.UnitClosed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.contract.event.UnitRenamed;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A unit (单位): registration, name, closure, and what its parent issues to it — cards, assignments,
 * evaluation scores, accountability procedures — with revocations of any of them.
 */
@Aggregate(type = UnitAggregate.TYPE, snapshotTriggerDefinition = "ledgerSnapshotTrigger", cache = "unitCache")
public class UnitAggregate {

    public static final String TYPE = "Unit";

    @AggregateIdentifier
    private String unitId;
    private LocalDate registeredOn;
    private boolean closed;
    /** Record id → what it is ("card", "assignment", "evaluation", "procedure"). */
    private Map<String, String> records = new HashMap<>();
    private Set<String> revoked = new HashSet<>();
    /** aspect + quarter → card id of the card that counts. */
    private Map<String, String> cardSlots = new HashMap<>();
    /** assignment id → issued-on date; completed ones are in {@link #completed}. */
    private Map<String, LocalDate> assignments = new HashMap<>();
    private Set<String> completed = new HashSet<>();
    /** month + assessor → evaluation id. */
    private Map<String, String> evaluations = new HashMap<>();
    /** month → procedure id. */
    private Map<String, String> procedures = new HashMap<>();

    protected UnitAggregate() {}

    @CommandHandler
    public UnitAggregate(RegisterUnit command) {
        apply(new UnitRegistered(command.unitId(), command.name(), command.category(), command.parentUnitId(),
                command.effectiveDate()));
    }

    @CommandHandler
    public long handle(RenameUnit command) {
        requireOpen(command.effectiveDate());
        apply(new UnitRenamed(unitId, command.name(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(CloseUnit command) {
        requireOpen(command.effectiveDate());
        apply(new UnitClosed(unitId, command.reason(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    /** Issues a card; one card counts per aspect and quarter, so a second needs the first revoked. */
    @CommandHandler
    public long handle(IssueCard command) {
        requireOpen(command.effectiveDate());
        if (cardSlots.containsKey(slot(command.aspect(), command.quarter()))) {
            throw RuleViolation.conflict("aspect", "a card for " + command.aspect() + " in " + command.quarter()
                    + " was already issued to this unit; revoke it first to issue another");
        }
        apply(new CardIssued(unitId, command.cardId(), command.aspect(), command.quarter(), command.colour(),
                command.issuedByUnitId(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(IssueAssignment command) {
        requireOpen(command.effectiveDate());
        if (command.dueDate().isBefore(command.effectiveDate())) {
            throw RuleViolation.invalid("dueDate", "is before the assignment was issued (" + command.effectiveDate() + ")");
        }
        apply(new AssignmentIssued(unitId, command.assignmentId(), command.kind(), command.title(), command.dueDate(),
                command.issuedByUnitId(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(CompleteAssignment command) {
        requireOpen(command.effectiveDate());
        LocalDate issuedOn = assignments.get(command.assignmentId());
        if (issuedOn == null) {
            throw RuleViolation.notFound("assignmentId", "no assignment " + command.assignmentId() + " for this unit");
        }
        if (revoked.contains(command.assignmentId())) {
            throw RuleViolation.conflict("assignmentId", "assignment " + command.assignmentId() + " was revoked");
        }
        if (completed.contains(command.assignmentId())) {
            throw RuleViolation.conflict("assignmentId", "assignment " + command.assignmentId() + " is already completed");
        }
        if (command.effectiveDate().isBefore(issuedOn)) {
            throw RuleViolation.invalid("effectiveDate", "is before the assignment was issued (" + issuedOn + ")");
        }
        apply(new AssignmentCompleted(unitId, command.assignmentId(), command.note(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    /** One score per assessor and month; a correction revokes the earlier one first. */
    @CommandHandler
    public long handle(ScoreEvaluation command) {
        requireOpen(command.effectiveDate());
        if (evaluations.containsKey(command.month() + '\u0000' + command.assessor())) {
            throw RuleViolation.conflict("month", command.assessor() + " already scored this unit for "
                    + command.month() + "; revoke that score first to give another");
        }
        apply(new EvaluationScored(unitId, command.evaluationId(), command.month(), command.score(),
                command.assessor(), command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    /** At most one accountability procedure per unit and month, however often it is asked for. */
    @CommandHandler
    public long handle(OpenAccountabilityProcedure command) {
        requireRegisteredBy(command.effectiveDate());
        if (procedures.containsKey(command.month())) {
            throw RuleViolation.conflict("month", "an accountability procedure for " + command.month()
                    + " is already open (" + procedures.get(command.month()) + ")");
        }
        apply(new AccountabilityProcedureOpened(unitId, command.procedureId(), command.month(), command.reason(),
                command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(RevokeUnitRecord command) {
        requireRegisteredBy(command.effectiveDate());
        if (!records.containsKey(command.recordId())) {
            throw RuleViolation.notFound("recordId", "no record " + command.recordId() + " for this unit");
        }
        if (revoked.contains(command.recordId())) {
            throw RuleViolation.conflict("recordId", "record " + command.recordId() + " is already revoked");
        }
        apply(new RecordRevoked(unitId, command.recordId(), command.reason(), null, command.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    private void requireOpen(LocalDate effectiveDate) {
        if (closed) {
            throw RuleViolation.invalid("unitId", "unit " + unitId + " is closed");
        }
        requireRegisteredBy(effectiveDate);
    }

    private void requireRegisteredBy(LocalDate effectiveDate) {
        if (effectiveDate.isBefore(registeredOn)) {
            throw RuleViolation.invalid("effectiveDate", "is before the unit was registered (" + registeredOn + ")");
        }
    }

    @EventSourcingHandler
    void on(UnitRegistered event) {
        unitId = event.unitId();
        registeredOn = event.effectiveDate();
    }

    @EventSourcingHandler
    void on(UnitClosed event) {
        closed = true;
    }

    @EventSourcingHandler
    void on(CardIssued event) {
        records.put(event.cardId(), "card");
        cardSlots.put(slot(event.aspect(), event.quarter()), event.cardId());
    }

    @EventSourcingHandler
    void on(AssignmentIssued event) {
        records.put(event.assignmentId(), "assignment");
        assignments.put(event.assignmentId(), event.effectiveDate());
    }

    @EventSourcingHandler
    void on(AssignmentCompleted event) {
        completed.add(event.assignmentId());
    }

    @EventSourcingHandler
    void on(EvaluationScored event) {
        records.put(event.evaluationId(), "evaluation");
        evaluations.put(event.month() + '\u0000' + event.assessor(), event.evaluationId());
    }

    @EventSourcingHandler
    void on(AccountabilityProcedureOpened event) {
        records.put(event.procedureId(), "procedure");
        procedures.put(event.month(), event.procedureId());
    }

    @EventSourcingHandler
    void on(RecordRevoked event) {
        revoked.add(event.recordId());
        cardSlots.values().remove(event.recordId());
        evaluations.values().remove(event.recordId());
        procedures.values().remove(event.recordId());
    }

    private static String slot(String aspect, String quarter) {
        return aspect + '\u0000' + quarter;
    }
}
