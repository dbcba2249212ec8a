package cn.ledger.query.directory;

import cn.ledger.security.Caller;
import cn.ledger.security.Role;
import java.util.List;

/**
 * What part of the directory a caller sees: everything (reviewers, auditors, a {@code *} in the
 * {@code units} claim), the subtrees of the units the claim names (recorders, discipline officers,
 * assessors), or — for a cadre — only themself.
 */
public record CallerScope(boolean all, List<String> units, String cadre) {

    public static CallerScope of(Caller caller) {
        if (caller.has(Role.REVIEWER) || caller.has(Role.AUDITOR) || caller.units().contains(Caller.ALL_UNITS)) {
            return new CallerScope(true, List.of(), null);
        }
        String self = caller.has(Role.CADRE) ? caller.cadre() : null;
        return new CallerScope(false, caller.units(), self);
    }

    /** Sees nothing at all: no units and not a cadre. */
    public boolean empty() {
        return !all && units.isEmpty() && cadre == null;
    }
}
