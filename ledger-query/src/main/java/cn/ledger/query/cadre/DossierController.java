package cn.ledger.query.cadre;

import cn.ledger.query.history.CadreHistory;
import cn.ledger.projection.Completeness;
import cn.ledger.query.history.AnswerBasis;
import cn.ledger.query.history.CadreHistoryRepository;
import cn.ledger.query.review.EligibilityService;
import cn.ledger.security.web.NotFound;
import cn.ledger.security.web.RequestParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/cadres")
@Tag(name = "cadres", description = "What the ledger holds about a cadre")
public class DossierController {

    private final CadreHistoryRepository histories;
    private final EligibilityService eligibility;
    private final Clock clock;
    private final AnswerBasis basis;

    public DossierController(CadreHistoryRepository histories, EligibilityService eligibility, Clock clock,
            AnswerBasis basis) {
        this.histories = histories;
        this.eligibility = eligibility;
        this.clock = clock;
        this.basis = basis;
    }

    public record Totals(long positiveCount, BigDecimal positivePoints, long negativeCount, BigDecimal negativePoints,
            BigDecimal netPoints) {

        static final Totals ZERO = new Totals(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO);

        Totals plus(CadreHistory.Entry e) {
            boolean positive = e.polarity().equals("POSITIVE");
            BigDecimal pp = positive ? positivePoints.add(e.points()) : positivePoints;
            BigDecimal np = positive ? negativePoints : negativePoints.add(e.points());
            return new Totals(positiveCount + (positive ? 1 : 0), pp, negativeCount + (positive ? 0 : 1), np,
                    pp.subtract(np));
        }
    }

    /**
     * A sanction and, while it is in force, the day its influence period (combined with the others)
     * ends: for selection to a leadership post at the level the cadre holds, and for rank promotion. They
     * differ for 责令辞职 / 免职: one year for a post equal to the one held before, two years for a higher
     * post (the {@code rankPromotionBlockedUntil} date) and for rank promotion. A 诫勉 entered also as a
     * 诫勉谈话 names it in {@code sanction.sameMeasureAs} (or the interview names the sanction).
     */
    public record SanctionView(CadreHistory.Sanction sanction, LocalDate influenceEndsOn,
            LocalDate rankPromotionBlockedUntil) {}

    public record Dossier(String cadreId, String name, LocalDate asOf, Instant knownAt, LocalDate registeredOn,
            CadreHistory.Post post, CadreHistory.Rank rank, CadreHistory.Membership unit, LocalDate workStartDate,
            int grassrootsYears, String education, Totals totals, Map<String, Totals> totalsByAspect,
            Map<Integer, Totals> totalsByYear, List<CadreHistory.Entry> entries,
            List<CadreHistory.Interview> interviews, List<SanctionView> sanctions,
            List<CadreHistory.Investigation> investigations, List<CadreHistory.Grade> grades,
            List<CadreHistory.Posting> postings, List<CadreHistory.Appeal> appeals, List<CadreHistory.Post> posts,
            List<CadreHistory.Rank> ranks, List<CadreHistory.Membership> units, AnswerBasis.JudgedOn judgedOn,
            Completeness completeness) {}

    @GetMapping("/{cadreId}/dossier")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ) // judgedOn and the records: one snapshot
    @Operation(summary = "A cadre's dossier: master data, every record (revoked and 容错免责 ones flagged, not hidden), "
            + "totals per aspect and year counting only records in force, sanctions with the day each influence "
            + "period ends. asOf: judged on records effective by that date (default today); knownAt: as the ledger "
            + "knew it at that instant (default now).")
    public Dossier dossier(@PathVariable String cadreId,
            @Parameter(description = "yyyy-MM-dd") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @Parameter(description = "ISO-8601 instant, e.g. 2024-01-31T12:00:00Z") @RequestParam(required = false)
            Instant knownAt) {
        RequestParams.id("cadreId", cadreId);
        RequestParams.date("asOf", asOf);
        RequestParams.instant("knownAt", knownAt);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        CadreHistory h = load(histories, cadreId, day, knownAt);
        List<CadreHistory.Entry> counting = h.entries().stream().filter(CadreHistory.Entry::counts).toList();
        EligibilityService.InfluenceEnds ends = eligibility.influenceEnds(h);
        return new Dossier(cadreId, h.name(), day, knownAt, h.registeredOn(), h.currentPost(), h.currentRank(),
                h.currentUnit(), h.workStartDate(), h.grassrootsYears(), h.education(),
                counting.stream().reduce(Totals.ZERO, Totals::plus, (a, b) -> a),
                totals(counting, CadreHistory.Entry::aspect), totals(counting, e -> e.effectiveDate().getYear()),
                h.entries(), h.interviews(),
                h.sanctions().stream().map(s -> new SanctionView(s, ends.leadershipPost().get(s.sanctionId()),
                        ends.rankPromotion().get(s.sanctionId()))).toList(),
                h.investigations(), h.grades(), h.postings(), h.appeals(), h.posts(), h.ranks(), h.units(),
                basis.judgedOn(cadreId), basis.ofCadre(cadreId));
    }

    static CadreHistory load(CadreHistoryRepository histories, String cadreId, LocalDate asOf, Instant knownAt) {
        if (!histories.exists(cadreId)) {
            throw new NotFound("No cadre " + cadreId + " in the ledger");
        }
        return histories.load(cadreId, asOf, knownAt).orElseThrow(() -> new NotFound("Cadre " + cadreId
                + " was not registered by " + asOf + (knownAt == null ? "" : " as known at " + knownAt)));
    }

    private static <K extends Comparable<K>> Map<K, Totals> totals(List<CadreHistory.Entry> entries,
            Function<CadreHistory.Entry, K> key) {
        Map<K, Totals> totals = new TreeMap<>();
        entries.forEach(e -> totals.merge(key.apply(e), Totals.ZERO.plus(e), (a, b) -> a.plus(e)));
        return totals;
    }
}
