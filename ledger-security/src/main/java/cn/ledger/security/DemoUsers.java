package cn.ledger.security;

import java.util.List;
import java.util.Optional;

/**
 * The documented demo users of local mode, one per role (and a city-level recorder to register the
 * demo city). Their tokens come from {@code POST /api/v1/auth/demo-token?user=…} in local mode only.
 */
public final class DemoUsers {

    public record User(String subject, List<Role> roles, List<String> units, String cadre, String description) {}

    public static final List<User> ALL = List.of(
            new User("recorder-anning", List.of(Role.RECORDER), List.of("anning"), null,
                    "recorder for 安宁区 and every unit under it"),
            new User("recorder-lanzhou", List.of(Role.RECORDER), List.of("lanzhou"), null,
                    "recorder for 兰州市 (the whole demo tree)"),
            new User("discipline-1", List.of(Role.DISCIPLINE_OFFICER), List.of("lanzhou"), null,
                    "discipline officer: sanctions, investigations, appeal decisions"),
            new User("assessor-1", List.of(Role.ASSESSOR), List.of("lanzhou"), null,
                    "assessor: cards, assignments, evaluation scores"),
            new User("reviewer-1", List.of(Role.REVIEWER), List.of(Caller.ALL_UNITS), null,
                    "promotion reviewer: every query, every unit"),
            new User("auditor-1", List.of(Role.AUDITOR), List.of(), null, "auditor: history and audit, read only"),
            new User("hr-system", List.of(Role.HR_SYSTEM), List.of(), null, "HR system: the event contract"),
            new User("admin-1", List.of(Role.ADMIN), List.of(Caller.ALL_UNITS), null,
                    "operator: rebuilds, month close of every review group, actuator"),
            new User("c-wang", List.of(Role.CADRE), List.of(), "c-wang", "cadre 王建国: own dossier and appeals"),
            new User("ranking-projector", List.of(Role.RANKING_SERVICE), List.of(Caller.ALL_UNITS), null,
                    "ranking-projector's service identity: opens accountability procedures"));

    private DemoUsers() {}

    public static Optional<User> find(String subject) {
        return ALL.stream().filter(u -> u.subject().equals(subject)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(User::subject).toList();
    }
}
