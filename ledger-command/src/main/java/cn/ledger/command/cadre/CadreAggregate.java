package cn.ledger.command.cadre;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordInterview;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** A cadre (干部): master data and the records kept about them. */
@Aggregate(type = CadreAggregate.TYPE)
public class CadreAggregate {

    public static final String TYPE = "Cadre";

    @AggregateIdentifier
    private String cadreId;
    private String unitId;
    private LocalDate registeredOn;
    private final Set<String> recordIds = new HashSet<>();

    protected CadreAggregate() {}

    @CommandHandler
    public CadreAggregate(RegisterCadre c) {
        apply(new CadreRegistered(c.cadreId(), c.name(), c.unitId(), c.post(), c.postLevel(), c.postSince(),
                c.rank(), c.rankSince(), c.workStartDate(), c.grassrootsYears(), c.education(), c.effectiveDate()));
    }

    @CommandHandler
    public long handle(RecordEntry c) {
        requireEffectiveOnOrAfterRegistration(c.effectiveDate());
        requireNewRecordId("entryId", c.entryId());
        if (c.polarity() == Polarity.POSITIVE) {
            apply(new PositiveEntryRecorded(c.cadreId(), c.entryId(), c.aspect(), c.points(), c.summary(),
                    c.evidence(), c.effectiveDate()));
        } else {
            apply(new NegativeEntryRecorded(c.cadreId(), c.entryId(), c.aspect(), c.points(), c.summary(),
                    c.evidence(), c.effectiveDate()));
        }
        return AggregateLifecycle.getVersion();
    }

    @CommandHandler
    public long handle(RecordInterview c) {
        requireEffectiveOnOrAfterRegistration(c.effectiveDate());
        requireNewRecordId("interviewId", c.interviewId());
        apply(new InterviewRecorded(c.cadreId(), c.interviewId(), unitId, c.kind(), c.interviewer(), c.reason(),
                c.effectiveDate()));
        return AggregateLifecycle.getVersion();
    }

    private void requireEffectiveOnOrAfterRegistration(LocalDate effectiveDate) {
        if (effectiveDate.isBefore(registeredOn)) {
            throw RuleViolation.invalid("effectiveDate",
                    "is before the cadre was registered in the ledger (" + registeredOn + ")");
        }
    }

    private void requireNewRecordId(String field, String id) {
        if (recordIds.contains(id)) {
            throw RuleViolation.conflict(field, "a record with id " + id + " already exists for this cadre");
        }
    }

    @EventSourcingHandler
    void on(CadreRegistered e) {
        cadreId = e.cadreId();
        unitId = e.unitId();
        registeredOn = e.effectiveDate();
    }

    @EventSourcingHandler
    void on(PositiveEntryRecorded e) {
        recordIds.add(e.entryId());
    }

    @EventSourcingHandler
    void on(NegativeEntryRecorded e) {
        recordIds.add(e.entryId());
    }

    @EventSourcingHandler
    void on(InterviewRecorded e) {
        recordIds.add(e.interviewId());
    }
}
