package cn.ledger.command.web;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.config.LedgerProperties;
import cn.ledger.command.directory.Directory;
import cn.ledger.security.Caller;
import cn.ledger.security.OutOfScope;
import cn.ledger.security.web.NotFound;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Checks that need configuration, the clock or other streams, made before a command is sent. */
@Component
public class RequestRules {

    private final LedgerProperties properties;
    private final Directory directory;
    private final Clock clock;

    public RequestRules(LedgerProperties properties, Directory directory, Clock clock) {
        this.properties = properties;
        this.directory = directory;
        this.clock = clock;
    }

    public void effectiveNotInFuture(LocalDate date) {
        if (date.isAfter(LocalDate.now(clock))) {
            throw RuleViolation.invalid("effectiveDate", "is in the future (" + date + ")");
        }
    }

    public void aspectConfigured(String aspect) {
        if (!properties.aspects().contains(aspect)) {
            throw RuleViolation.invalid("aspect", "is not one of the configured aspects " + properties.aspects());
        }
    }

    public void pointsInRange(BigDecimal points) {
        if (points.compareTo(properties.points().min()) < 0 || points.compareTo(properties.points().max()) > 0) {
            throw RuleViolation.invalid("points",
                    "must be between " + properties.points().min() + " and " + properties.points().max());
        }
    }

    public void unitExists(String field, String unitId) {
        if (!directory.unitExists(unitId)) {
            throw new NotFound(field, "No unit " + unitId + " in the ledger");
        }
    }

    public void cadreExists(String cadreId) {
        if (!directory.cadreExists(cadreId)) {
            throw new NotFound("cadreId", "No cadre " + cadreId + " in the ledger");
        }
    }

    /**
     * The unit lies in the caller's scope (the units of their token and everything below them);
     * otherwise 403 naming the field.
     */
    public void unitInScope(String field, String unitId) {
        unitInScope(field, unitId, directory::ancestry);
    }

    private static void unitInScope(String field, String unitId, java.util.function.Function<String, List<String>> ancestry) {
        if (!Caller.current().covers(unitId, ancestry)) {
            throw new OutOfScope(field, "unit " + unitId + " is outside the caller's scope");
        }
    }

    /** The cadre's unit lies in the caller's scope, or the caller is that cadre. */
    public void cadreInScope(String cadreId) {
        cadreInScope(directory.cadre(cadreId));
    }

    private static void cadreInScope(Directory.CadrePlace cadre) {
        Caller caller = Caller.current();
        if (caller.isCadre(cadre.cadreId())) {
            return;
        }
        if (!caller.covers(cadre.unitId(), unit -> cadre.unit().ancestry())) {
            throw new OutOfScope("cadreId", "cadre " + cadre.cadreId() + " belongs to a unit outside the caller's scope");
        }
    }

    /**
     * The cadre is in the caller's scope, exists, and their unit is not closed — scope first, so that
     * a caller learns nothing about cadres outside it (an unknown cadre is outside every scope but
     * the whole ledger's).
     */
    public void cadreWritable(String cadreId) {
        Directory.CadrePlace cadre = directory.cadre(cadreId);
        cadreInScope(cadre);
        if (!cadre.registered()) {
            throw new NotFound("cadreId", "No cadre " + cadreId + " in the ledger");
        }
        cadre.closedUnit().ifPresent(unit -> {
            throw RuleViolation.invalid("cadreId", "the cadre's unit " + unit + " is closed");
        });
    }

    /** The unit lies in the caller's scope, then exists: 403 before 404, like every unit reference. */
    public void unitKnownInScope(String field, String unitId) {
        Directory.UnitPlace unit = directory.unit(unitId);
        unitInScope(field, unitId, u -> unit.ancestry());
        if (!unit.registered()) {
            throw new NotFound(field, "No unit " + unitId + " in the ledger");
        }
    }

    /** The unit lies in the caller's scope, then exists and is open: 403 before 404 before 422. */
    public void unitOpenInScope(String field, String unitId) {
        Directory.UnitPlace unit = directory.unit(unitId);
        unitInScope(field, unitId, u -> unit.ancestry());
        unitOpen(field, unit);
    }

    /**
     * No unit or cadre has this id (both kinds of stream share one space of ids): else 409. Ask only
     * after the caller's scope was checked, so that the answer tells nothing outside it.
     */
    public void idFree(String field, String id) {
        if (directory.idTaken(id)) {
            throw new AlreadyExists(field, "is taken: a unit or cadre with the id " + id + " exists");
        }
    }

    public void unitOpen(String field, String unitId) {
        unitOpen(field, directory.unit(unitId));
    }

    private static void unitOpen(String field, Directory.UnitPlace unit) {
        if (!unit.registered()) {
            throw new NotFound(field, "No unit " + unit.unitId() + " in the ledger");
        }
        if (unit.closed()) {
            throw RuleViolation.invalid(field, "unit " + unit.unitId() + " is closed");
        }
    }

    public String parentOf(String unitId) {
        return directory.parentOf(unitId).orElse(null);
    }

    public static String idOrNew(String id) {
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    }
}
