package cn.ledger.contract;

import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.UnitRegistered;
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
        register(CardIssued.class, "card-issued.v1");
        register(CadreRegistered.class, "cadre-registered.v1");
        register(PositiveEntryRecorded.class, "positive-entry-recorded.v1");
        register(NegativeEntryRecorded.class, "negative-entry-recorded.v1");
        register(InterviewRecorded.class, "interview-recorded.v1");
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
