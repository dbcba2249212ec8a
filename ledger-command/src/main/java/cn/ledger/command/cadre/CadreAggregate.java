package cn.ledger.command.cadre;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.AmendEntry;
import cn.ledger.command.cadre.CadreCommands.AppointCadre;
import cn.ledger.command.cadre.CadreCommands.ChangeRank;
import cn.ledger.command.cadre.CadreCommands.CloseInvestigation;
import cn.ledger.command.cadre.CadreCommands.DecideAppeal;
import cn.ledger.command.cadre.CadreCommands.EndPosting;
import cn.ledger.command.cadre.CadreCommands.EnterHistory;
import cn.ledger.command.cadre.CadreCommands.FileAppeal;
import cn.ledger.command.cadre.CadreCommands.HistoryFact;
import cn.ledger.command.cadre.CadreCommands.ImposeSanction;
import cn.ledger.command.cadre.CadreCommands.OpenInvestigation;
import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordAnnualGrade;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordInterview;
import cn.ledger.command.cadre.CadreCommands.RecordPosting;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.cadre.CadreCommands.RevokeCadreRecord;
import cn.ledger.command.cadre.CadreCommands.TolerateNegativeEntry;
import cn.ledger.command.cadre.CadreCommands.TransferCadre;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.AppealDecided;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRankChanged;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.FrontlinePostingEnded;
import cn.ledger.contract.event.FrontlinePostingRecorded;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.InvestigationClosed;
import cn.ledger.contract.event.InvestigationOpened;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.NegativeEntryTolerated;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.SanctionImposed;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** A cadre (干部): master data and every record kept about them, with corrections and appeals. */
@Aggregate(type = CadreAggregate.TYPE, snapshotTriggerDefinition = "ledgerSnapshotTrigger", cache = "cadreCache")
public class CadreAggregate {

    public static final String TYPE = "Cadre";
    /** Event metadata: {@code true} on an event entered as history (published as {@code ce_history}). */
    public static final String HISTORY = "history";

    /**
     * What the stream knows of one of its records. {@code detail} is the interview or sanction kind, and
     * {@code sameMeasureAs} the record it names as the same measure (both null for other records, and in
     * snapshots taken before they existed).
     */
    record Rec(String kind, LocalDate effectiveDate, boolean revoked, String detail, String sameMeasureAs) {
        Rec(String kind, LocalDate effectiveDate, boolean revoked) {
            this(kind, effectiveDate, revoked, null, null);
        }

        Rec revoke() {
            return new Rec(kind, effectiveDate, true, detail, sameMeasureAs);
        }
    }

    /** An appeal in progress or decided. */
    record Appeal(String contestedRecordId, AppealStage stage, LocalDate filedOn, LocalDate decidedOn) {}

    @AggregateIdentifier
    private String cadreId;
    private String unitId;
    private LocalDate registeredOn;
    /** From the registration; null in snapshots taken before they were kept (the rules needing them then pass). */
    private LocalDate workStartDate;
    private LocalDate postSince;
    private LocalDate rankSince;
    /** Set only while a history fact is handled; never part of the state. */
    private transient boolean enteringHistory;
    private Map<String, Rec> records = new HashMap<>();
    private Set<String> tolerated = new HashSet<>();
    /** year → grade id of the grade that counts. */
    private Map<Integer, String> gradeYears = new HashMap<>();
    private Set<String> openInvestigations = new HashSet<>();
    private Set<String> openPostings = new HashSet<>();
    private Map<String, Appeal> appeals = new HashMap<>();

    protected CadreAggregate() {}

    @CommandHandler
    public CadreAggregate(RegisterCadre c) {
        apply(new CadreRegistered(c.cadreId(), c.name(), c.unitId(), c.post(), c.postLevel(), c.postSince(),
                c.rank(), c.rankSince(), c.workStartDate(), c.grassrootsYears(), c.education(), c.effectiveDate()));
    }

    /**
     * A fact entered as history: it took effect before the registration (and not before the cadre started work),
     * and is judged by the same rules as when entered as it happened, except the registration date. A past post
     * or rank must have ended before the one held at registration began. Its events carry {@link #HISTORY}.
     */
    @CommandHandler
    public long handle(EnterHistory c) {
        HistoryFact fact = c.fact();
        if (!fact.cadreId().equals(cadreId)) {
            throw RuleViolation.invalid("cadreId", "the history fact names another cadre (" + fact.cadreId() + ")");
        }
        LocalDate date = fact.effectiveDate();
        if (!date.isBefore(registeredOn)) {
            throw RuleViolation.invalid("effectiveDate", "is not before the cadre was registered in the ledger ("
                    + registeredOn + "): history is what happened before; record this as it happens instead");
        }
        if (workStartDate != null && date.isBefore(workStartDate)) {
            throw RuleViolation.invalid("effectiveDate", "is before the cadre started work (" + workStartDate + ")");
        }
        if (fact instanceof AppointCadre && postSince != null && !date.isBefore(postSince)) {
            throw RuleViolation.invalid("effectiveDate", "is not before the post held at registration began ("
                    + postSince + ")");
        }
        if (fact instanceof ChangeRank && rankSince != null && !date.isBefore(rankSince)) {
            throw RuleViolation.invalid("effectiveDate", "is not before the rank held at registration began ("
                    + rankSince + ")");
        }
        enteringHistory = true;
        try {
            if (fact instanceof AppointCadre f) {
                return handle(f);
            } else if (fact instanceof ChangeRank f) {
                return handle(f);
            } else if (fact instanceof RecordEntry f) {
                return handle(f);
            } else if (fact instanceof RecordInterview f) {
                return handle(f);
            } else if (fact instanceof ImposeSanction f) {
                return handle(f);
            } else if (fact instanceof OpenInvestigation f) {
                return handle(f);
            } else if (fact instanceof CloseInvestigation f) {
                return handle(f);
            } else if (fact instanceof RecordAnnualGrade f) {
                return handle(f);
            } else if (fact instanceof RecordPosting f) {
                return handle(f);
            } else if (fact instanceof EndPosting f) {
                return handle(f);
            }
            throw new IllegalArgumentException("not a history fact: " + fact);
        } finally {
            enteringHistory = false;
        }
    }

    @CommandHandler
    public long handle(AppointCadre c) {
        requireRegisteredBy(c.effectiveDate());
        record(new CadreAppointed(cadreId, c.post(), c.postLevel(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(ChangeRank c) {
        requireRegisteredBy(c.effectiveDate());
        record(new CadreRankChanged(cadreId, c.rank(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(TransferCadre c) {
        requireRegisteredBy(c.effectiveDate());
        if (c.toUnitId().equals(unitId)) {
            throw RuleViolation.conflict("toUnitId", "the cadre is already in unit " + unitId);
        }
        record(new CadreTransferred(cadreId, unitId, c.toUnitId(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(RecordEntry c) {
        requireRegisteredBy(c.effectiveDate());
        requireNewRecordId("entryId", c.entryId());
        record(entryEvent(c.entryId(), c.polarity(), c.aspect(), c.points(), c.summary(), c.evidence(),
                c.effectiveDate(), c.finding()));
        return version();
    }

    @CommandHandler
    public long handle(AmendEntry c) {
        requireRegisteredBy(c.effectiveDate());
        Rec entry = requireLiveRecord("entryId", c.entryId());
        if (!entry.kind().equals("POSITIVE") && !entry.kind().equals("NEGATIVE")) {
            throw RuleViolation.invalid("entryId", "record " + c.entryId() + " is not an entry");
        }
        requireNewRecordId("entryId", c.newEntryId());
        record(new RecordRevoked(cadreId, c.entryId(), c.reason(), c.newEntryId(), c.effectiveDate()));
        record(entryEvent(c.newEntryId(), Polarity.valueOf(entry.kind()), c.aspect(), c.points(), c.summary(),
                c.evidence(), c.effectiveDate(), null));
        return version();
    }

    @CommandHandler
    public long handle(TolerateNegativeEntry c) {
        requireRegisteredBy(c.effectiveDate());
        Rec entry = requireLiveRecord("entryId", c.entryId());
        if (!entry.kind().equals("NEGATIVE")) {
            throw RuleViolation.invalid("entryId", "only a negative entry can be tolerated (容错免责)");
        }
        if (tolerated.contains(c.entryId())) {
            throw RuleViolation.conflict("entryId", "entry " + c.entryId() + " is already tolerated");
        }
        record(new NegativeEntryTolerated(cadreId, c.entryId(), c.reason(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(RecordInterview c) {
        requireRegisteredBy(c.effectiveDate());
        requireNewRecordId("interviewId", c.interviewId());
        if (c.sameMeasureAs() != null) {
            if (c.kind() != InterviewKind.ADMONISHMENT) {
                throw RuleViolation.invalid("sameMeasureAs", "applies to a 诫勉谈话 (ADMONISHMENT) only");
            }
            requireCounterpart(c.sameMeasureAs(), "SANCTION", SanctionKind.ORGANISATIONAL_ADMONISHMENT.name(),
                    "a 诫勉 sanction (ORGANISATIONAL_ADMONISHMENT)");
        }
        record(new InterviewRecorded(cadreId, c.interviewId(), unitId, c.kind(), c.interviewer(), c.reason(),
                c.effectiveDate(), c.sameMeasureAs()));
        return version();
    }

    @CommandHandler
    public long handle(ImposeSanction c) {
        requireRegisteredBy(c.effectiveDate());
        requireNewRecordId("sanctionId", c.sanctionId());
        boolean probation = c.kind() == SanctionKind.PARTY_PROBATION;
        if (probation && (c.probationMonths() == null || (c.probationMonths() != 12 && c.probationMonths() != 24))) {
            throw RuleViolation.invalid("probationMonths", "must be 12 or 24 for 留党察看");
        }
        if (!probation && c.probationMonths() != null) {
            throw RuleViolation.invalid("probationMonths", "applies to 留党察看 only");
        }
        if (c.sameMeasureAs() != null) {
            if (c.kind() != SanctionKind.ORGANISATIONAL_ADMONISHMENT) {
                throw RuleViolation.invalid("sameMeasureAs", "applies to 诫勉 (ORGANISATIONAL_ADMONISHMENT) only");
            }
            requireCounterpart(c.sameMeasureAs(), "INTERVIEW", InterviewKind.ADMONISHMENT.name(),
                    "a 诫勉谈话 (ADMONISHMENT interview)");
        }
        record(new SanctionImposed(cadreId, c.sanctionId(), c.kind(), c.probationMonths(), c.decidedBy(), c.reason(),
                c.effectiveDate(), c.sameMeasureAs()));
        return version();
    }

    @CommandHandler
    public long handle(OpenInvestigation c) {
        requireRegisteredBy(c.effectiveDate());
        requireNewRecordId("investigationId", c.investigationId());
        record(new InvestigationOpened(cadreId, c.investigationId(), c.authority(), c.reason(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(CloseInvestigation c) {
        Rec investigation = requireLiveRecord("investigationId", c.investigationId());
        if (!openInvestigations.contains(c.investigationId())) {
            throw RuleViolation.conflict("investigationId", "investigation " + c.investigationId() + " is already closed");
        }
        if (c.effectiveDate().isBefore(investigation.effectiveDate())) {
            throw RuleViolation.invalid("effectiveDate", "is before the investigation opened ("
                    + investigation.effectiveDate() + ")");
        }
        record(new InvestigationClosed(cadreId, c.investigationId(), c.outcome(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(RecordAnnualGrade c) {
        requireRegisteredBy(c.effectiveDate());
        if (gradeYears.containsKey(c.year())) {
            throw RuleViolation.conflict("year", "a grade for " + c.year() + " is already recorded ("
                    + gradeYears.get(c.year()) + "); revoke it first to record another");
        }
        if (c.year() > c.effectiveDate().getYear()) {
            throw RuleViolation.invalid("year", "cannot be graded before it begins");
        }
        record(new AnnualGradeRecorded(cadreId, c.gradeId(), c.year(), c.grade(), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(RecordPosting c) {
        requireRegisteredBy(c.effectiveDate());
        requireNewRecordId("postingId", c.postingId());
        if (c.endDate() != null && c.endDate().isBefore(c.effectiveDate())) {
            throw RuleViolation.invalid("endDate", "is before the posting starts (" + c.effectiveDate() + ")");
        }
        record(new FrontlinePostingRecorded(cadreId, c.postingId(), c.kind(), c.description(), c.endDate(),
                c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(EndPosting c) {
        Rec posting = requireLiveRecord("postingId", c.postingId());
        if (!openPostings.contains(c.postingId())) {
            throw RuleViolation.conflict("postingId", "posting " + c.postingId() + " has already ended");
        }
        if (c.effectiveDate().isBefore(posting.effectiveDate())) {
            throw RuleViolation.invalid("effectiveDate", "is before the posting started (" + posting.effectiveDate() + ")");
        }
        record(new FrontlinePostingEnded(cadreId, c.postingId(), c.effectiveDate()));
        return version();
    }

    /**
     * Contests a sanction, a 不称职 grade or a negative entry within the statutory time; the record
     * keeps counting while the appeal runs.
     */
    @CommandHandler
    public long handle(FileAppeal c) {
        Rec contested = requireLiveRecord("contestedRecordId", c.contestedRecordId());
        if (!contested.kind().equals("SANCTION") && !contested.kind().equals("INCOMPETENT")
                && !contested.kind().equals("NEGATIVE")) {
            throw RuleViolation.invalid("contestedRecordId",
                    "only a sanction, a 不称职 grade or a negative entry can be appealed");
        }
        requireNewRecordId("appealId", c.appealId());
        Appeal review = null;
        for (Appeal appeal : appeals.values()) {
            if (appeal.contestedRecordId().equals(c.contestedRecordId())) {
                if (appeal.stage() == c.stage()) {
                    throw RuleViolation.conflict("stage", "a " + c.stage() + " of " + c.contestedRecordId()
                            + " was already filed");
                }
                if (appeal.stage() == AppealStage.REVIEW) {
                    review = appeal;
                }
            }
        }
        if (review != null && review.decidedOn() == null) {
            throw RuleViolation.invalid("stage", "the review of " + c.contestedRecordId() + " is not decided yet");
        }
        LocalDate deadline = AppealDeadlines.filingDeadline(c.stage(), contested.effectiveDate(),
                review == null ? null : review.decidedOn());
        if (c.effectiveDate().isAfter(deadline)) {
            throw RuleViolation.invalid("effectiveDate", "the time to file a " + c.stage() + " ended on " + deadline);
        }
        if (c.effectiveDate().isBefore(contested.effectiveDate())) {
            throw RuleViolation.invalid("effectiveDate", "is before the contested decision (" + contested.effectiveDate() + ")");
        }
        record(new AppealFiled(cadreId, c.appealId(), c.contestedRecordId(), c.stage(), c.reason(),
                AppealDeadlines.decisionDue(c.stage(), c.effectiveDate()), c.effectiveDate()));
        return version();
    }

    @CommandHandler
    public long handle(DecideAppeal c) {
        Appeal appeal = appeals.get(c.appealId());
        if (appeal == null) {
            throw RuleViolation.notFound("appealId", "no appeal " + c.appealId() + " for this cadre");
        }
        if (appeal.decidedOn() != null) {
            throw RuleViolation.conflict("appealId", "appeal " + c.appealId() + " is already decided");
        }
        if (c.effectiveDate().isBefore(appeal.filedOn())) {
            throw RuleViolation.invalid("effectiveDate", "is before the appeal was filed (" + appeal.filedOn() + ")");
        }
        record(new AppealDecided(cadreId, c.appealId(), c.outcome(), c.reason(), c.effectiveDate()));
        if (c.outcome() == AppealOutcome.REVOKED && !records.get(appeal.contestedRecordId()).revoked()) {
            record(new RecordRevoked(cadreId, appeal.contestedRecordId(), "appeal " + c.appealId() + ": " + c.reason(),
                    null, c.effectiveDate()));
        }
        return version();
    }

    @CommandHandler
    public long handle(RevokeCadreRecord c) {
        requireRegisteredBy(c.effectiveDate());
        requireLiveRecord("recordId", c.recordId());
        record(new RecordRevoked(cadreId, c.recordId(), c.reason(), null, c.effectiveDate()));
        return version();
    }

    private Object entryEvent(String entryId, Polarity polarity, String aspect, java.math.BigDecimal points,
            String summary, java.util.List<String> evidence, LocalDate effectiveDate,
            cn.ledger.contract.NegativeFinding finding) {
        if (finding != null && polarity == Polarity.POSITIVE) {
            throw RuleViolation.invalid("finding", "applies to a negative entry only");
        }
        return polarity == Polarity.POSITIVE
                ? new PositiveEntryRecorded(cadreId, entryId, aspect, points, summary, evidence, effectiveDate)
                : new NegativeEntryRecorded(cadreId, entryId, aspect, points, summary, evidence, effectiveDate, finding);
    }

    /** Applies an event, marked as history while a history fact is handled. */
    private void record(Object event) {
        if (enteringHistory) {
            apply(event, MetaData.with(HISTORY, true));
        } else {
            apply(event);
        }
    }

    private static long version() {
        return AggregateLifecycle.getVersion();
    }

    private void requireRegisteredBy(LocalDate effectiveDate) {
        if (!enteringHistory && effectiveDate.isBefore(registeredOn)) {
            throw RuleViolation.invalid("effectiveDate",
                    "is before the cadre was registered in the ledger (" + registeredOn + ")");
        }
    }

    private void requireNewRecordId(String field, String id) {
        if (records.containsKey(id)) {
            throw RuleViolation.conflict(field, "a record with id " + id + " already exists for this cadre");
        }
    }

    /**
     * The record a new 诫勉 record names as the same measure: one of this cadre's records, of the counterpart
     * kind, not already one measure with another record still in force. (A revoked one may be named: it
     * counts for nothing either way.)
     */
    private void requireCounterpart(String id, String kind, String detail, String what) {
        Rec rec = records.get(id);
        if (rec == null) {
            throw RuleViolation.invalid("sameMeasureAs", "no record " + id + " for this cadre");
        }
        if (!rec.kind().equals(kind) || !detail.equals(rec.detail())) {
            throw RuleViolation.invalid("sameMeasureAs", "record " + id + " is not " + what);
        }
        String partner = records.entrySet().stream()
                .filter(e -> !e.getValue().revoked())
                .filter(e -> e.getKey().equals(rec.sameMeasureAs()) || id.equals(e.getValue().sameMeasureAs()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (partner != null) {
            throw RuleViolation.conflict("sameMeasureAs", "record " + id + " is already one measure with " + partner);
        }
    }

    private Rec requireLiveRecord(String field, String id) {
        Rec rec = records.get(id);
        if (rec == null) {
            throw RuleViolation.notFound(field, "no record " + id + " for this cadre");
        }
        if (rec.revoked()) {
            throw RuleViolation.conflict(field, "record " + id + " is revoked");
        }
        return rec;
    }

    @EventSourcingHandler
    void on(CadreRegistered e) {
        cadreId = e.cadreId();
        unitId = e.unitId();
        registeredOn = e.effectiveDate();
        workStartDate = e.workStartDate();
        postSince = e.postSince();
        rankSince = e.rankSince();
    }

    @EventSourcingHandler
    void on(CadreTransferred e) {
        unitId = e.toUnitId();
    }

    @EventSourcingHandler
    void on(PositiveEntryRecorded e) {
        records.put(e.entryId(), new Rec("POSITIVE", e.effectiveDate(), false));
    }

    @EventSourcingHandler
    void on(NegativeEntryRecorded e) {
        records.put(e.entryId(), new Rec("NEGATIVE", e.effectiveDate(), false));
    }

    @EventSourcingHandler
    void on(NegativeEntryTolerated e) {
        tolerated.add(e.entryId());
    }

    @EventSourcingHandler
    void on(InterviewRecorded e) {
        records.put(e.interviewId(), new Rec("INTERVIEW", e.effectiveDate(), false, e.kind().name(),
                e.sameMeasureAs()));
    }

    @EventSourcingHandler
    void on(SanctionImposed e) {
        records.put(e.sanctionId(), new Rec("SANCTION", e.effectiveDate(), false, e.kind().name(),
                e.sameMeasureAs()));
    }

    @EventSourcingHandler
    void on(InvestigationOpened e) {
        records.put(e.investigationId(), new Rec("INVESTIGATION", e.effectiveDate(), false));
        openInvestigations.add(e.investigationId());
    }

    @EventSourcingHandler
    void on(InvestigationClosed e) {
        openInvestigations.remove(e.investigationId());
    }

    @EventSourcingHandler
    void on(AnnualGradeRecorded e) {
        records.put(e.gradeId(), new Rec(e.grade() == AnnualGrade.INCOMPETENT ? "INCOMPETENT" : "GRADE",
                e.effectiveDate(), false));
        gradeYears.put(e.year(), e.gradeId());
    }

    @EventSourcingHandler
    void on(FrontlinePostingRecorded e) {
        records.put(e.postingId(), new Rec("POSTING", e.effectiveDate(), false));
        if (e.endDate() == null) {
            openPostings.add(e.postingId());
        }
    }

    @EventSourcingHandler
    void on(FrontlinePostingEnded e) {
        openPostings.remove(e.postingId());
    }

    @EventSourcingHandler
    void on(AppealFiled e) {
        records.put(e.appealId(), new Rec("APPEAL", e.effectiveDate(), false));
        appeals.put(e.appealId(), new Appeal(e.contestedRecordId(), e.stage(), e.effectiveDate(), null));
    }

    @EventSourcingHandler
    void on(AppealDecided e) {
        Appeal a = appeals.get(e.appealId());
        appeals.put(e.appealId(), new Appeal(a.contestedRecordId(), a.stage(), a.filedOn(), e.effectiveDate()));
    }

    @EventSourcingHandler
    void on(RecordRevoked e) {
        records.computeIfPresent(e.recordId(), (id, rec) -> rec.revoke());
        gradeYears.values().remove(e.recordId());
        openInvestigations.remove(e.recordId());
        openPostings.remove(e.recordId());
    }
}
