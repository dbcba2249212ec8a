package cn.ledger.ranking.monthly;

import cn.ledger.security.Caller;
import cn.ledger.ranking.RankingProperties;
import cn.ledger.ranking.monthly.AccountabilityOutbox.Trigger;
import cn.ledger.ranking.monthly.MonthlyRanking.Ranked;
import cn.ledger.ranking.monthly.RankingStore.MonthState;
import cn.ledger.ranking.monthly.RankingStore.Version;
import cn.ledger.ranking.web.ReadScope;
import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.NotFound;
import cn.ledger.security.web.RuleRefused;
import cn.ledger.projection.export.TableExport;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "rankings", description = "The monthly review (月讲评): rankings, their versions, and accountability")
public class RankingController {

    private final RankingService service;
    private final RankingStore store;
    private final AccountabilityOutbox outbox;
    private final RankingProperties properties;
    private final cn.ledger.ranking.UnitCompleteness completeness;
    private final ReadScope scope;

    public RankingController(RankingService service, RankingStore store, AccountabilityOutbox outbox,
            RankingProperties properties, cn.ledger.ranking.UnitCompleteness completeness, ReadScope scope) {
        this.scope = scope;
        this.service = service;
        this.store = store;
        this.outbox = outbox;
        this.properties = properties;
        this.completeness = completeness;
    }

    public record Evaluation(BigDecimal score, BigDecimal points) {}

    public record Assignments(int due, int onTime, int late, int open, BigDecimal completionRate, BigDecimal points) {}

    public record Entries(BigDecimal positivePoints, BigDecimal negativePoints, BigDecimal points) {}

    public record Components(Evaluation evaluation, Assignments assignments, Entries entries) {}

    public record Place(int rank, int groupSize, String unitId, String unitName, String category, String parentUnitId,
            BigDecimal score, Components components, MonthlyRanking.Outcome outcome, boolean lastPlace) {}

    /**
     * A review group's month: the group is the parent unit whose children are ranked together (null for
     * units without a parent); FINAL once the group closed the month, with its version shown and how many
     * it has.
     */
    public record GroupMonth(String parentUnitId, String status, Integer version, int versions,
            String policyVersion, Instant closedAt, String closedBy) {}

    /**
     * {@code status}: FINAL when every review group in the answer closed the month, PROVISIONAL when none
     * did, PARTLY_FINAL otherwise. {@code version}, {@code versions} and {@code closedAt} are the group's
     * when the answer holds one group (always with {@code parentUnitId}), null / 0 when it holds several;
     * {@code groups} gives each group's own.
     */
    public record MonthRanking(String month, String status, Integer version, int versions, String policyVersion,
            Instant closedAt, Instant closesAt, String tieRule, List<Place> ranking,
            cn.ledger.projection.Completeness completeness, String parentUnitId, List<GroupMonth> groups) {}

    public record Change(String unitId, String unitName, Place before, Place after) {}

    public record VersionInfo(int version, Instant createdAt, String reason, String policyVersion,
            List<Change> changes, String parentUnitId) {}

    static final String TIE_RULE = "higher score first; equal scores: higher evaluation score, then higher completion "
            + "rate; equal on all three: same rank, and a shared rank at the edge of the reward or statement list "
            + "takes in every unit on it";

    @GetMapping("/rankings/monthly/{month}")
    @Operation(summary = "A month's ranking per category among the children of one parent (a review group): rank, "
            + "score, each component, outcome (REWARD / NONE / STATEMENT). Each review group closes its own month: "
            + "final (the group's latest version, or the one asked for) once the group closed it, provisional "
            + "before. Only the units in the caller's scope are listed.")
    public MonthRanking monthly(@PathVariable String month,
            @Parameter(description = "e.g. STREET_OFFICE") @RequestParam(required = false) String category,
            @Parameter(description = "the review group: only the children of this unit") @RequestParam(required = false) String parentUnitId,
            @Parameter(description = "a published version of the group's month (needs parentUnitId); the latest by default") @RequestParam(required = false) Integer version) {
        YearMonth m = month(month);
        RequestParams.id("category", category);
        RequestParams.id("parentUnitId", parentUnitId);
        scope.require("parentUnitId", parentUnitId);
        MonthRanking ranking = ranking(m, parentUnitId, version);
        List<Place> places = ranking.ranking().stream()
                .filter(p -> category == null || category.equals(p.category()))
                .toList();
        return new MonthRanking(ranking.month(), ranking.status(), ranking.version(), ranking.versions(),
                ranking.policyVersion(), ranking.closedAt(), ranking.closesAt(), TIE_RULE, places,
                completeness.of(places.stream().map(Place::unitId).toList()), parentUnitId, ranking.groups());
    }

    @GetMapping(value = "/rankings/monthly/{month}.csv", produces = "text/csv")
    @Operation(summary = "The month's ranking as posted on the board (榜单), as CSV (UTF-8 with BOM, opens in Excel); "
            + "the first line names the month, status, version, scoring policy, as-of date and when it was made")
    public ResponseEntity<byte[]> csv(@PathVariable String month,
            @Parameter(description = "the review group: only the children of this unit") @RequestParam(required = false) String parentUnitId,
            @Parameter(description = "a published version of the group's month (needs parentUnitId); the latest by default") @RequestParam(required = false) Integer version) {
        YearMonth m = month(month);
        MonthRanking ranking = monthly(month, null, parentUnitId, version);
        return TableExport.attachment(board(m, ranking).csv(), TableExport.CSV, fileName(m, ranking, "ranking", ".csv"),
                fileName(m, ranking, "月讲评排名", ".csv"));
    }

    @GetMapping(value = "/rankings/monthly/{month}.xlsx",
            produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "The month's ranking as posted on the board (榜单), as an Excel workbook: the same columns as "
            + "the CSV, under rows naming the month, status, version, scoring policy, as-of date and when it was made "
            + "(also in the document properties)")
    public ResponseEntity<byte[]> xlsx(@PathVariable String month,
            @Parameter(description = "the review group: only the children of this unit") @RequestParam(required = false) String parentUnitId,
            @Parameter(description = "a published version of the group's month (needs parentUnitId); the latest by default") @RequestParam(required = false) Integer version) {
        YearMonth m = month(month);
        MonthRanking ranking = monthly(month, null, parentUnitId, version);
        return TableExport.attachment(board(m, ranking).xlsx(), TableExport.XLSX, fileName(m, ranking, "ranking", ".xlsx"),
                fileName(m, ranking, "月讲评排名", ".xlsx"));
    }

    private static String fileName(YearMonth m, MonthRanking ranking, String stem, String suffix) {
        boolean ascii = stem.chars().allMatch(c -> c < 128);
        String group = ranking.parentUnitId() == null ? "" : "-" + ranking.parentUnitId();
        String state = switch (ranking.status()) {
            case "FINAL" -> ranking.version() == null ? (ascii ? "-final" : "-定稿")
                    : (ascii ? "-v" + ranking.version() : "-第" + ranking.version() + "版");
            case "PARTLY_FINAL" -> ascii ? "-partly-final" : "-部分定稿";
            default -> ascii ? "-provisional" : "-未定稿";
        };
        return stem + "-" + m + group + state + suffix;
    }

    /** The board as a table: the figures are as of the moment the version was published, or now while provisional. */
    private TableExport board(YearMonth m, MonthRanking ranking) {
        Instant generated = Instant.now();
        Instant asOf = ranking.version() == null || ranking.parentUnitId() == null ? generated
                : store.versions(group(ranking.parentUnitId()), m).stream()
                        .filter(v -> v.version() == ranking.version()).map(Version::createdAt).findFirst()
                        .orElse(generated);
        TableExport table = new TableExport("月讲评排名", new TableExport.Fact("月份", m.toString(), "month"),
                "月讲评排名 " + m)
                .fact("状态", switch (ranking.status()) {
                    case "FINAL" -> "定稿";
                    case "PARTLY_FINAL" -> "部分定稿";
                    default -> "未定稿";
                }, "status")
                .fact("版本", ranking.version(), "version")
                .fact("评分办法", ranking.policyVersion(), "policyVersion")
                .fact("数据截至", asOf.atZone(properties.zone()).toLocalDate(), "asOf")
                .fact("生成时间", generated.atZone(properties.zone()).toOffsetDateTime().withNano(0), "generatedAt")
                .fact("记录完整性", completeness.of(ranking.ranking().stream().map(Place::unitId).toList()).line(),
                        "completeness")
                .columns("类别", "上级单位", "名次", "单位", "综合得分", "月考评得分", "考评得分计入", "到期交办", "按时销号",
                        "逾期销号", "未销号", "完成率", "交办得分计入", "正向纪实分", "负向纪实分", "纪实得分计入", "结果");
        for (Place p : ranking.ranking()) {
            Components c = p.components();
            table.row(java.util.Arrays.asList(categoryLabel(p.category()), p.parentUnitId(), p.rank(), p.unitName(),
                    p.score(), c.evaluation().score(), c.evaluation().points(), c.assignments().due(),
                    c.assignments().onTime(), c.assignments().late(), c.assignments().open(),
                    c.assignments().completionRate(), c.assignments().points(), c.entries().positivePoints(),
                    c.entries().negativePoints(), c.entries().points(),
                    switch (p.outcome()) {
                        case REWARD -> "奖励";
                        case STATEMENT -> "表态发言";
                        case NONE -> "";
                    }));
        }
        return table;
    }

    @GetMapping("/rankings/monthly/{month}/versions")
    @Operation(summary = "Every published version of a month a review group closed, each with what changed against "
            + "the one before; with parentUnitId that group's, without it every group's in the caller's scope "
            + "(ordered by group, then version)")
    public List<VersionInfo> versions(@PathVariable String month,
            @Parameter(description = "the review group") @RequestParam(required = false) String parentUnitId) {
        YearMonth m = month(month);
        RequestParams.id("parentUnitId", parentUnitId);
        scope.require("parentUnitId", parentUnitId);
        ReadScope.Visible visible = scope.visible();
        List<String> groups = parentUnitId != null ? List.of(parentUnitId)
                : store.closedGroups(m).stream().map(MonthState::groupId).toList();
        List<VersionInfo> result = new ArrayList<>();
        for (String group : groups) {
            List<VersionInfo> ofGroup = new ArrayList<>();
            boolean seen = visible.sees(group) && !group.equals(RankingStore.NO_PARENT);
            List<Place> previous = List.of();
            for (Version v : store.versions(group(group), m)) {
                List<Place> places = store.entries(group(group), m, v.version()).stream().map(RankingController::place)
                        .filter(p -> visible.sees(p.unitId())).toList();
                seen |= !places.isEmpty();
                ofGroup.add(new VersionInfo(v.version(), v.createdAt(), v.reason(), v.policyVersion(),
                        v.version() == 1 ? List.of() : changes(previous, places), parentOf(group)));
                previous = places;
            }
            if (seen) {
                result.addAll(ofGroup);
            }
        }
        return result;
    }

    @PostMapping("/rankings/monthly/{month}/close")
    @Operation(summary = "Close a review group's month now (an operator whose scope covers the group; otherwise "
            + "each group's month closes at the configured point once the group's records have been quiet). "
            + "Only that group's ranking becomes final; other groups' months stay open. Closing a month the group "
            + "closed changes nothing.")
    public MonthRanking close(@PathVariable String month,
            @Parameter(description = "the review group to close: the parent unit whose children are ranked together",
                    required = true) @RequestParam(required = false) String parentUnitId) {
        YearMonth m = month(month);
        if (parentUnitId == null || parentUnitId.isBlank()) {
            throw new BadParameter("parentUnitId", "name the review group to close: the parent unit whose children "
                    + "are ranked together (each group closes its own month)");
        }
        RequestParams.id("parentUnitId", parentUnitId);
        scope.require("parentUnitId", parentUnitId);
        if (!store.unitExists(parentUnitId)) {
            throw new NotFound("parentUnitId", "no unit " + parentUnitId + " is known");
        }
        requireScored(m);
        if (!m.isBefore(YearMonth.now(properties.zone()))) {
            throw new RuleRefused("month", "only a month that has ended can be closed");
        }
        service.close(parentUnitId, m, Caller.current().id());
        return monthly(month, null, parentUnitId, null);
    }

    public record AccountabilityView(String unitId, String month, String firstMonth, int rankingVersion, String status,
            String procedureId, int attempts, String lastError, Instant createdAt, Instant settledAt,
            String parentUnitId) {}

    @GetMapping("/accountability")
    @Operation(summary = "Accountability procedures the ranking called for (last place in consecutive months its "
            + "review group closed), with whether ledger-command has opened them; only units in the caller's scope")
    public List<AccountabilityView> accountability(@RequestParam String from, @RequestParam String to,
            @Parameter(description = "only the children of this unit (a review group)") @RequestParam(required = false) String parentUnitId,
            @Parameter(description = "only this unit") @RequestParam(required = false) String unitId) {
        YearMonth f = month("from", from);
        YearMonth t = month("to", to);
        if (t.isBefore(f)) {
            throw new BadParameter("to", "must not be before from");
        }
        RequestParams.id("parentUnitId", parentUnitId);
        RequestParams.id("unitId", unitId);
        scope.require("parentUnitId", parentUnitId);
        scope.require("unitId", unitId);
        ReadScope.Visible visible = scope.visible();
        return outbox.between(f, t, parentUnitId, unitId).stream().filter(x -> visible.sees(x.unitId()))
                .map(RankingController::view).toList();
    }

    private static AccountabilityView view(Trigger t) {
        return new AccountabilityView(t.unitId(), t.month().toString(), t.firstMonth().toString(), t.version(),
                t.status().name(), t.procedureId(), t.attempts(), t.lastError(), t.createdAt(), t.settledAt(),
                t.parentUnitId());
    }

    /** The review group's key in the ranking tables: the parent's id, or "" for units without a parent. */
    private static String group(String parentUnitId) {
        return parentUnitId == null ? RankingStore.NO_PARENT : parentUnitId;
    }

    private static String parentOf(String group) {
        return group.equals(RankingStore.NO_PARENT) ? null : group;
    }

    private static final Comparator<Place> BOARD_ORDER = Comparator.comparing(Place::category)
            .thenComparing(p -> String.valueOf(p.parentUnitId())).thenComparingInt(Place::rank)
            .thenComparing(Place::unitId);

    /**
     * The month's places the caller sees: of the named review group (its latest version, or the one asked for,
     * once the group closed the month), or of every group, each as far as it is closed.
     */
    private MonthRanking ranking(YearMonth m, String parentUnitId, Integer version) {
        requireScored(m);
        Instant closesAt = properties.closesAt(m).toInstant();
        ReadScope.Visible visible = scope.visible();
        Map<String, GroupMonth> groups = new LinkedHashMap<>();
        List<Place> places = new ArrayList<>();
        if (parentUnitId != null) {
            Optional<MonthState> state = store.month(parentUnitId, m);
            if (state.isEmpty()) {
                if (version != null) {
                    throw new NotFound("version", m + " is not closed for " + parentUnitId
                            + " yet: it has no published version");
                }
                places.addAll(service.provisional(parentUnitId, m).stream().map(RankingController::place).toList());
                groups.put(parentUnitId, new GroupMonth(parentUnitId, "PROVISIONAL", null, 0,
                        properties.policyFor(m).version(), null, null));
            } else {
                MonthState s = state.get();
                int chosen = version == null ? s.latestVersion() : version;
                List<Version> versions = store.versions(parentUnitId, m);
                Version v = versions.stream().filter(x -> x.version() == chosen).findFirst()
                        .orElseThrow(() -> new NotFound("version", m + " of " + parentUnitId + " has versions "
                                + versions.get(0).version() + " to " + s.latestVersion()));
                places.addAll(store.entries(parentUnitId, m, chosen).stream().map(RankingController::place).toList());
                groups.put(parentUnitId, new GroupMonth(parentUnitId, "FINAL", chosen, versions.size(),
                        v.policyVersion(), s.closedAt(), s.closedBy()));
            }
        } else {
            if (version != null) {
                throw new BadParameter("parentUnitId", "a version belongs to one review group's month: name the "
                        + "group with parentUnitId");
            }
            Map<String, MonthState> closed = new HashMap<>();
            store.closedGroups(m).forEach(s -> closed.put(s.groupId(), s));
            for (Ranked r : service.provisional(m)) {
                if (!closed.containsKey(group(r.unit().parentUnitId()))) {
                    places.add(place(r));
                }
            }
            for (MonthState s : closed.values()) {
                places.addAll(store.entries(s.groupId(), m, s.latestVersion()).stream().map(RankingController::place)
                        .toList());
            }
            places.removeIf(p -> !visible.sees(p.unitId()));
            places.sort(BOARD_ORDER);
            for (Place p : places) {
                String g = group(p.parentUnitId());
                groups.computeIfAbsent(g, k -> {
                    MonthState s = closed.get(k);
                    if (s == null) {
                        return new GroupMonth(parentOf(k), "PROVISIONAL", null, 0, properties.policyFor(m).version(),
                                null, null);
                    }
                    List<Version> versions = store.versions(k, m);
                    return new GroupMonth(parentOf(k), "FINAL", s.latestVersion(), versions.size(),
                            versions.get(versions.size() - 1).policyVersion(), s.closedAt(), s.closedBy());
                });
            }
        }
        places.removeIf(p -> !visible.sees(p.unitId()));
        long finals = groups.values().stream().filter(g -> "FINAL".equals(g.status())).count();
        String status = finals == 0 ? "PROVISIONAL" : finals == groups.size() ? "FINAL" : "PARTLY_FINAL";
        GroupMonth only = groups.size() == 1 ? groups.values().iterator().next() : null;
        return new MonthRanking(m.toString(), status, only == null ? null : only.version(),
                only == null ? 0 : only.versions(), only == null ? properties.policyFor(m).version() : only.policyVersion(),
                only == null ? null : only.closedAt(), closesAt, TIE_RULE, places, null, parentUnitId,
                List.copyOf(groups.values()));
    }

    static Place place(Ranked r) {
        var u = r.unit();
        return new Place(r.rank(), r.groupSize(), u.unitId(), u.unitName(), u.category(), u.parentUnitId(), r.score(),
                new Components(new Evaluation(u.evaluationScore(), r.evaluationPoints()),
                        new Assignments(u.assignmentsDue(), u.onTime(), u.late(), u.open(), r.completionRate(),
                                r.assignmentPoints()),
                        new Entries(u.positivePoints(), u.negativePoints(), r.entryPoints())),
                r.outcome(), r.lastPlace());
    }

    private static List<Change> changes(List<Place> before, List<Place> after) {
        Map<String, Place> old = new HashMap<>();
        before.forEach(p -> old.put(p.unitId(), p));
        List<Change> changes = new ArrayList<>();
        for (Place p : after) {
            Place was = old.remove(p.unitId());
            if (!Objects.equals(was, p)) {
                changes.add(new Change(p.unitId(), p.unitName(), was, p));
            }
        }
        old.values().forEach(p -> changes.add(new Change(p.unitId(), p.unitName(), p, null)));
        return changes;
    }

    /** A month before every scoring policy has no ranking: 422 naming it (the ledger's rule), not a failure to score it. */
    private void requireScored(YearMonth m) {
        if (!properties.covers(m)) {
            throw new RuleRefused("month", "no scoring policy covers " + m + ": months are ranked from the first "
                    + "policy's first month on");
        }
    }

    static YearMonth month(String value) {
        return month("month", value);
    }

    static YearMonth month(String field, String value) {
        return RequestParams.month(field, value);
    }

    /** The category as it is written on the board. */
    public static String categoryLabel(String category) {
        return switch (category == null ? "" : category) {
            case "CITY" -> "市";
            case "DISTRICT" -> "区县";
            case "STREET_OFFICE" -> "街道办事处";
            case "DISTRICT_DEPARTMENT" -> "区直部门";
            case "TOWNSHIP" -> "乡镇";
            default -> category;
        };
    }
}
