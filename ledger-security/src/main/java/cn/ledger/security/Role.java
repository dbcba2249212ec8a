package cn.ledger.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who may do what (see docs/security.md). A token names its roles in the {@code roles}
 * claim by their claim names; each becomes the Spring authority {@code ROLE_<NAME>}.
 */
public enum Role {
    /** 组织部 / 单位党建办: entries, interviews, grades, postings, cadre and unit master data, in scope. */
    RECORDER("recorder"),
    /** 纪委监委: sanctions, investigations, appeal decisions. */
    DISCIPLINE_OFFICER("discipline-officer"),
    /** 督查委 / 考核办: unit cards, assignments, monthly evaluation scores, in scope. */
    ASSESSOR("assessor"),
    /** 组织部干部科: every query of ledger-query and ranking-projector. */
    REVIEWER("reviewer"),
    /** 审计 / 巡察: the history and the audit API, read only. */
    AUDITOR("auditor"),
    /** 人事系统: the published event contract. */
    HR_SYSTEM("hr-system"),
    /** Operator: rebuilds, month close, actuator. */
    ADMIN("admin"),
    /** A cadre: their own dossier and their own appeals (the {@code cadre} claim names them). */
    CADRE("cadre"),
    /** ranking-projector's own identity: opens accountability procedures. */
    RANKING_SERVICE("ranking-projector");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    /** The Spring Security authority, e.g. {@code ROLE_RECORDER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claim.equals(value)).findFirst();
    }
}
