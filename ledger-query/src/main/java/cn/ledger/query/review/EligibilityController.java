package cn.ledger.query.review;

import cn.ledger.query.eligibility.Eligibility;
import cn.ledger.query.eligibility.Purpose;
import cn.ledger.query.eligibility.RuleOutcome;
import cn.ledger.projection.Completeness;
import cn.ledger.query.history.AnswerBasis;
import cn.ledger.query.history.CadreHistoryRepository;
import cn.ledger.query.unit.UnitTree;
import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.NotFound;
import cn.ledger.projection.export.TableExport;
import cn.ledger.security.web.Cursor;
import cn.ledger.security.web.RequestParams;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who is eligible for what, as of a date and as the ledger knew it at a time, with every rule's reason. */
@RestController
@Validated
@RequestMapping("/api/v1")
@Tag(name = "eligibility", description = "Promotion eligibility (干部选拔任用 / 职级晋升 / 评先选优)")
public class EligibilityController {

    /** What a reviewer asks about. */
    public enum PurposeKind { LEADERSHIP_POST, RANK_PROMOTION, AWARD }

    /** The roster's largest page size, and its last page number (far beyond any unit's size). */
    static final int MAX_SIZE = 500;
    static final int MAX_PAGE = 100_000;

    private final EligibilityService eligibility;
    private final CadreHistoryRepository histories;
    private final UnitTree units;
    private final Clock clock;
    private final AnswerBasis basis;
    private final RuleText text;
    private final cn.ledger.query.unit.Names names;

    public EligibilityController(EligibilityService eligibility, CadreHistoryRepository histories, UnitTree units,
            Clock clock, AnswerBasis basis, RuleText text, cn.ledger.query.unit.Names names) {
        this.names = names;
        this.eligibility = eligibility;
        this.histories = histories;
        this.units = units;
        this.clock = clock;
        this.basis = basis;
        this.text = text;
    }

    /**
     * One rule's verdict as answered: {@code code} is the specific outcome (e.g.
     * {@code influence-period.blocked-by-sanction}) and {@code params} its named parameters (dates as
     * yyyy-MM-dd, months and counts as numbers, record ids, levels and names as text, terms such as a
     * sanction kind as their codes, parts as objects with their own {@code code}); {@code reason} is the
     * sentence in the answer's language (Content-Language).
     */
    public record Rule(String rule, boolean passed, String reason, String code, Map<String, Object> params,
            List<String> eventIds, LocalDate clearsOn) {

        static Rule of(RuleOutcome outcome, RuleText text, Locale language) {
            return new Rule(outcome.rule(), outcome.passed(), text.reason(outcome, language), outcome.code(),
                    outcome.params(), outcome.eventIds(), outcome.clearsOn());
        }
    }

    /**
     * {@code judgedOn}: the last sequence of the cadre's stream the answer was judged on; {@code completeness}:
     * whether the cadre's stream and the unit's (its cards count) are complete, and if not which records are
     * missing — an incomplete answer may say eligible where the missing records would block.
     */
    public record Answer(String cadreId, String purpose, String target, LocalDate asOf, Instant knownAt,
            boolean eligible, String policyVersion, LocalDate earliestClearDate, List<Rule> rules,
            AnswerBasis.JudgedOn judgedOn, Completeness completeness) {

        static Answer of(Eligibility e, PurposeKind purpose, LocalDate asOf, Instant knownAt,
                AnswerBasis.JudgedOn judgedOn, Completeness completeness, RuleText text, Locale language) {
            return new Answer(e.cadreId(), purpose.name(), e.target(), asOf, knownAt, e.eligible(), e.policyVersion(),
                    e.earliestClearDate(), e.rules().stream().map(r -> Rule.of(r, text, language)).toList(), judgedOn,
                    completeness);
        }
    }

    /** {@code complete}: false when records of the cadre (or of the unit's cards) are missing. */
    public record RosterLine(String cadreId, boolean eligible, String target, LocalDate earliestClearDate,
            List<String> blockedBy, boolean complete, AnswerBasis.JudgedOn judgedOn, String cadreName) {}

    /** {@code unitName} and each line's {@code cadreName}: the names the read model holds now. */
    public record Roster(String unitId, String purpose, String target, LocalDate asOf, Instant knownAt,
            String policyVersion, int limit, String next, int totalCadres, long eligibleOnPage, List<RosterLine> cadres,
            Completeness completeness, String unitName) {}

    @GetMapping("/cadres/{cadreId}/eligibility")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ) // judgedOn and the answer: one snapshot
    @Operation(summary = "Is the cadre eligible for the purpose as of a date? Every rule with pass/fail, its outcome "
            + "code and parameters, the reason in the caller's language (Accept-Language: Chinese by default, or "
            + "English; Content-Language says which), the events it rests on and, for a blocker, the day it clears. "
            + "The answer is eligible or not, never promoted.")
    public Answer cadre(@PathVariable String cadreId,
            @Parameter(description = "LEADERSHIP_POST (needs target), RANK_PROMOTION or AWARD")
            @RequestParam PurposeKind purpose,
            @Parameter(description = "for LEADERSHIP_POST: the post level sought, e.g. 县处副, 县处正")
            @RequestParam(required = false) String target,
            @Parameter(description = "judge on records effective by this date (default today)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @Parameter(description = "as the ledger knew it at this instant (default: everything it holds)")
            @RequestParam(required = false) Instant knownAt,
            @Parameter(description = "for AWARD: first day of the award period (default 1 January of asOf's year)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @Parameter(description = "for AWARD: last day of the award period (default asOf)")
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        RequestParams.id("cadreId", cadreId);
        bounded(target, asOf, knownAt, from, to);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Purpose question = purpose(purpose, target, day, from, to);
        if (!histories.exists(cadreId)) {
            throw new NotFound("No cadre " + cadreId + " in the ledger");
        }
        Eligibility answer = eligibility.evaluate(cadreId, question, day, knownAt)
                .orElseThrow(() -> new NotFound("Cadre " + cadreId + " was not registered by " + day
                        + (knownAt == null ? "" : " as known at " + knownAt)));
        Locale language = ReplyLanguage.ofCurrentRequest(null);
        return Answer.of(answer, purpose, day, knownAt, basis.judgedOn(cadreId), basis.ofCadre(cadreId), text,
                language);
    }

    @GetMapping("/units/{unitId}/eligibility-roster")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    @Operation(summary = "Every cadre of the unit on asOf with the outcome for the purpose and the rules that block")
    public Roster roster(@PathVariable String unitId, @RequestParam PurposeKind purpose,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "the next of the page before; absent for the first page")
            @RequestParam(required = false) String cursor,
            @Parameter(description = "cadres per page, at most 500") @RequestParam(required = false) Integer limit,
            @Parameter(description = "deprecated: use cursor", deprecated = true)
            @RequestParam(required = false) Integer page,
            @Parameter(description = "deprecated: use limit", deprecated = true)
            @RequestParam(required = false) Integer size, HttpServletResponse response) {
        RequestParams.id("unitId", unitId);
        bounded(target, asOf, knownAt, from, to);
        if (limit != null && size != null) {
            throw new RequestParams.Invalid(Cursor.LIMIT, "give either limit or the older size, not both");
        }
        int perPage = limit != null ? limit : size != null ? size : 100;
        RequestParams.limit(limit != null || size == null ? Cursor.LIMIT : "size", perPage, MAX_SIZE);
        if (page != null) {
            RequestParams.page("page", page, MAX_PAGE);
        }
        long offset = Cursor.position("roster", cursor, "page", page == null ? null : (long) page * perPage, 0);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Purpose question = purpose(purpose, target, day, from, to);
        units.requireUnit(unitId);
        List<String> cadres = histories.cadresOf(unitId, day, knownAt);
        List<String> onPage = cadres.stream().skip(offset).limit(perPage).toList();
        String next = offset + perPage < cadres.size() ? Cursor.of("roster", offset + perPage) : null;
        Cursor.linkNext(response, next, "page", "size");
        Completeness completeness = basis.ofCadres(onPage);
        java.util.Map<String, Completeness> perCadre = basis.perCadre(onPage);
        java.util.Map<String, AnswerBasis.JudgedOn> judgedOn = basis.judgedOn(onPage);
        java.util.Map<String, String> names = this.names.cadres(onPage);
        List<RosterLine> lines = onPage.stream()
                .map(id -> eligibility.evaluate(id, question, day, knownAt).map(e -> new RosterLine(id, e.eligible(),
                        e.target(), e.earliestClearDate(), e.blockers().stream().map(RuleOutcome::rule).toList(),
                        perCadre.get(id).complete(), judgedOn.get(id), names.get(id))))
                .flatMap(java.util.Optional::stream).toList();
        return new Roster(unitId, purpose.name(), target, day, knownAt, eligibility.policyVersion(), perPage, next,
                cadres.size(), lines.stream().filter(RosterLine::eligible).count(), lines, completeness,
                this.names.unit(unitId));
    }

    @GetMapping(value = "/units/{unitId}/eligibility-roster.csv", produces = "text/csv")
    @Operation(summary = "The unit's whole roster (not paged) as CSV (UTF-8 with BOM, opens in Excel): each cadre's "
            + "name, eligible or not, the rules that block and the earliest clear date; the first line names the "
            + "unit, purpose, policy version, as-of date and when it was made")
    public ResponseEntity<byte[]> rosterCsv(@PathVariable String unitId, @RequestParam PurposeKind purpose,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "the language of the file: zh or en (default: from Accept-Language, Chinese "
                    + "unless English is preferred)") @RequestParam(required = false) String lang) {
        Locale language = language(lang);
        TableExport table = rosterTable(unitId, purpose, target, asOf, knownAt, from, to, language);
        return TableExport.attachment(table.csv(), TableExport.CSV, rosterFile("eligibility-roster", unitId, table, ".csv"),
                rosterFile(text.text("export.roster.file", language), unitId, table, ".csv"));
    }

    @GetMapping(value = "/units/{unitId}/eligibility-roster.xlsx",
            produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "The unit's whole roster (not paged) as an Excel workbook: the same columns as the CSV, under "
            + "rows naming the unit, purpose, policy version, as-of date and when it was made (also in the document "
            + "properties)")
    public ResponseEntity<byte[]> rosterXlsx(@PathVariable String unitId, @RequestParam PurposeKind purpose,
            @RequestParam(required = false) String target,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(required = false) Instant knownAt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @Parameter(description = "the language of the file: zh or en (default: from Accept-Language, Chinese "
                    + "unless English is preferred)") @RequestParam(required = false) String lang) {
        Locale language = language(lang);
        TableExport table = rosterTable(unitId, purpose, target, asOf, knownAt, from, to, language);
        return TableExport.attachment(table.xlsx(), TableExport.XLSX, rosterFile("eligibility-roster", unitId, table, ".xlsx"),
                rosterFile(text.text("export.roster.file", language), unitId, table, ".xlsx"));
    }

    private static Locale language(String lang) {
        RequestParams.id("lang", lang);
        return ReplyLanguage.ofCurrentRequest(lang);
    }

    private static String rosterFile(String stem, String unitId, TableExport table, String suffix) {
        return stem + "-" + unitId + "-" + table.fact("asOf") + suffix;
    }

    private TableExport rosterTable(String unitId, PurposeKind purpose, String target, LocalDate asOf, Instant knownAt,
            LocalDate from, LocalDate to, Locale language) {
        RequestParams.id("unitId", unitId);
        bounded(target, asOf, knownAt, from, to);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Purpose question = purpose(purpose, target, day, from, to);
        units.requireUnit(unitId);
        Instant generated = clock.instant();
        List<String> cadres = histories.cadresOf(unitId, day, knownAt);
        java.util.Map<String, String> names = histories.names(cadres);
        Completeness completeness = basis.ofCadres(cadres);
        java.util.Map<String, Completeness> perCadre = basis.perCadre(cadres);
        Function<String, String> t = key -> text.text(key, language);
        String title = t.apply("export.roster.title");
        TableExport table = new TableExport(title, new TableExport.Fact(t.apply("export.roster.unit"), unitId, "unitId"),
                title + " " + unitId)
                .fact(t.apply("export.roster.purpose"), t.apply("export.purpose." + purpose.name()) + " ("
                        + purpose.name() + ")", "purpose")
                .fact(t.apply("export.roster.target"), target == null ? "" : target, "target")
                .fact(t.apply("export.roster.policy"), eligibility.policyVersion(), "policyVersion")
                .fact(t.apply("export.roster.asOf"), day, "asOf")
                .fact(t.apply("export.roster.knownAt"), knownAt == null ? t.apply("export.roster.allRecords")
                        : knownAt.toString(), "knownAt")
                .fact(t.apply("export.roster.generatedAt"), generated.atZone(clock.getZone()).toOffsetDateTime()
                        .withNano(0), "generatedAt")
                .fact(t.apply("export.roster.completeness"), completenessLine(completeness, language), "completeness")
                .columns(t.apply("export.roster.column.cadre"), t.apply("export.roster.column.name"),
                        t.apply("export.roster.column.eligible"), t.apply("export.roster.column.blockedBy"),
                        t.apply("export.roster.column.reasons"), t.apply("export.roster.column.earliest"),
                        t.apply("export.roster.column.complete"));
        String separator = t.apply("export.roster.reasonSeparator");
        for (String id : cadres) {
            Completeness own = perCadre.get(id);
            eligibility.evaluate(id, question, day, knownAt).ifPresent(e -> table.row(java.util.Arrays.asList(id,
                    names.get(id), t.apply(e.eligible() ? "export.roster.eligible" : "export.roster.notEligible"),
                    String.join(separator, e.blockers().stream().map(RuleOutcome::rule).toList()),
                    String.join(separator, e.blockers().stream().map(r -> text.reason(r, language)).toList()),
                    e.earliestClearDate() == null ? null : e.earliestClearDate().toString(),
                    completenessLine(own, language))));
        }
        return table;
    }

    /** Whether the file rests on every record, and if not which are missing, in the file's language. */
    private String completenessLine(Completeness completeness, Locale language) {
        if (completeness.complete()) {
            return text.text("export.completeness.complete", language);
        }
        List<String> streams = completeness.missing().stream().map(m -> text.render("export.completeness.stream",
                Map.of("streamId", m.streamId(), "fromSequence", m.fromSequence(), "parkedRecords", m.parkedRecords(),
                        "since", m.since()), language)).toList();
        return text.render("export.completeness.incomplete", Map.of("streams", String.join(
                text.text("export.roster.reasonSeparator", language), streams)), language);
    }

    /** The range every date and instant of a question is held to, and the length of the post level sought. */
    private static void bounded(String target, LocalDate asOf, Instant knownAt, LocalDate from, LocalDate to) {
        RequestParams.id("target", target);
        RequestParams.date("asOf", asOf);
        RequestParams.instant("knownAt", knownAt);
        RequestParams.date("from", from);
        RequestParams.date("to", to);
    }

    private static Purpose purpose(PurposeKind kind, String target, LocalDate asOf, LocalDate from, LocalDate to) {
        switch (kind) {
            case LEADERSHIP_POST -> {
                if (target == null || target.isBlank()) {
                    throw new BadParameter("target", "is required for LEADERSHIP_POST: the post level sought, e.g. 县处副");
                }
                try {
                    return Purpose.leadershipPost(target);
                } catch (IllegalArgumentException e) {
                    throw new BadParameter("target", e.getMessage());
                }
            }
            case RANK_PROMOTION -> {
                return Purpose.rankPromotion();
            }
            default -> {
                LocalDate start = from == null ? asOf.withDayOfYear(1) : from;
                LocalDate end = to == null ? asOf : to;
                if (end.isBefore(start)) {
                    throw new BadParameter("to", "the award period cannot end (" + end + ") before it starts (" + start + ")");
                }
                return Purpose.award(start, end);
            }
        }
    }
}
