package cn.ledger.contract;

import cn.ledger.contract.event.AccountabilityProcedureOpened;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.AppealDecided;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRankChanged;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
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
import cn.ledger.contract.event.UnitClosed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.contract.event.UnitRenamed;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published name of every event type ({@code ce_type}). A name never changes meaning: an
 * incompatible change gets a new version suffix and both are published side by side.
 */
public final class EventTypes {

    public static final String PREFIX = "cn.ledger.";

    private static final Map<Class<? extends LedgerEvent>, String> NAMES = new LinkedHashMap<>();
    private static final Map<String, Class<? extends LedgerEvent>> CLASSES = new LinkedHashMap<>();

    static {
        register(UnitRegistered.class, "unit-registered.v1");
        register(UnitRenamed.class, "unit-renamed.v1");
        register(UnitClosed.class, "unit-closed.v1");
        register(CardIssued.class, "card-issued.v1");
        register(AssignmentIssued.class, "assignment-issued.v1");
        register(AssignmentCompleted.class, "assignment-completed.v1");
        register(EvaluationScored.class, "evaluation-scored.v1");
        register(AccountabilityProcedureOpened.class, "accountability-procedure-opened.v1");
        register(CadreRegistered.class, "cadre-registered.v1");
        register(CadreAppointed.class, "cadre-appointed.v1");
        register(CadreRankChanged.class, "cadre-rank-changed.v1");
        register(CadreTransferred.class, "cadre-transferred.v1");
        register(PositiveEntryRecorded.class, "positive-entry-recorded.v1");
        register(NegativeEntryRecorded.class, "negative-entry-recorded.v1");
        register(NegativeEntryTolerated.class, "negative-entry-tolerated.v1");
        register(InterviewRecorded.class, "interview-recorded.v1");
        register(SanctionImposed.class, "sanction-imposed.v1");
        register(InvestigationOpened.class, "investigation-opened.v1");
        register(InvestigationClosed.class, "investigation-closed.v1");
        register(AnnualGradeRecorded.class, "annual-grade-recorded.v1");
        register(FrontlinePostingRecorded.class, "frontline-posting-recorded.v1");
        register(FrontlinePostingEnded.class, "frontline-posting-ended.v1");
        register(AppealFiled.class, "appeal-filed.v1");
        register(AppealDecided.class, "appeal-decided.v1");
        register(RecordRevoked.class, "record-revoked.v1");
    }

    private EventTypes() {}

    private static void register(Class<? extends LedgerEvent> type, String name) {
        String full = PREFIX + name;
        if (NAMES.put(type, full) != null || CLASSES.put(full, type) != null) {
            throw new IllegalStateException("duplicate event type " + full);
        }
    }

    /** The published type name of an event class. */
    public static String nameOf(Class<?> type) {
        String name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not a published ledger event: " + type.getName());
        }
        return name;
    }

    /** The event class for a published type name, if this version of the contract knows it. */
    public static Optional<Class<? extends LedgerEvent>> classOf(String name) {
        return Optional.ofNullable(CLASSES.get(name));
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(CLASSES.keySet());
    }

    public static Set<Class<? extends LedgerEvent>> classes() {
        return Collections.unmodifiableSet(NAMES.keySet());
    }
}
