package cn.ledger.query.review;

import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.query.eligibility.CadreFacts;
import cn.ledger.query.eligibility.Correction;
import cn.ledger.query.eligibility.Eligibility;
import cn.ledger.query.eligibility.EligibilityEngine;
import cn.ledger.query.eligibility.FrontlinePosting;
import cn.ledger.query.eligibility.GradeRecord;
import cn.ledger.query.eligibility.Interview;
import cn.ledger.query.eligibility.Investigation;
import cn.ledger.query.eligibility.NegativeEntry;
import cn.ledger.query.eligibility.PostHeld;
import cn.ledger.query.eligibility.Purpose;
import cn.ledger.query.eligibility.RankHeld;
import cn.ledger.query.eligibility.Sanction;
import cn.ledger.query.eligibility.UnitCard;
import cn.ledger.query.history.CadreHistory;
import cn.ledger.query.history.CadreHistoryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Eligibility answers from the read model: one cadre's records are loaded in a few indexed queries
 * and judged by the engine — no history is replayed per request.
 */
@Service
public class EligibilityService {

    private final CadreHistoryRepository histories;
    private final EligibilityEngine engine;
    private final MeterRegistry meters;

    public EligibilityService(CadreHistoryRepository histories, EligibilityEngine engine, MeterRegistry meters) {
        this.histories = histories;
        this.engine = engine;
        this.meters = meters;
    }

    public String policyVersion() {
        return engine.policy().version();
    }

    public Optional<Eligibility> evaluate(String cadreId, Purpose purpose, LocalDate asOf, Instant knownAt) {
        Timer.Sample sample = Timer.start(meters);
        Optional<Eligibility> answer = histories.load(cadreId, asOf, knownAt)
                .map(history -> engine.evaluate(facts(history), purpose, asOf, knownAt));
        sample.stop(meters.timer("ledger.eligibility.evaluations", "purpose", purposeName(purpose),
                "outcome", answer.map(a -> a.eligible() ? "eligible" : "not-eligible").orElse("not-registered")));
        return answer;
    }

    /**
     * Per sanction and 诫勉谈话 in force: the day its (combined) influence period ends for a leadership post at
     * the level held, and for rank promotion (for 责令辞职/免职 also the end for a post above the one held).
     */
    public record InfluenceEnds(Map<String, LocalDate> leadershipPost, Map<String, LocalDate> rankPromotion) {}

    public InfluenceEnds influenceEnds(CadreHistory history) {
        CadreFacts facts = facts(history);
        return new InfluenceEnds(
                engine.influencePeriodEndsAtHeldLevel(facts, history.asOf(), history.knownAt()),
                engine.influencePeriodEnds(facts, Purpose.rankPromotion(), history.asOf(), history.knownAt()));
    }

    /**
     * The post's level, which the rules compare on the ladder. The command service accepts only levels on it; a
     * post stored with another (written before it checked) makes the answer a refusal that names the record, not
     * a failure of the service nor an answer that leaves the post out.
     */
    private static String ladderLevel(String cadreId, CadreHistory.Post post) {
        if (!cn.ledger.contract.PostLevels.known(post.level())) {
            throw new cn.ledger.security.web.RuleRefused("cadreId", "the post " + post.post() + " of " + cadreId
                    + " since " + post.since() + " (event " + post.eventId() + ") is at the level " + post.level()
                    + ", which is not one of " + cn.ledger.contract.PostLevels.LADDER
                    + ": its eligibility and influence periods cannot be judged until the post is recorded again at"
                    + " a level of the ladder");
        }
        return post.level();
    }

    static String purposeName(Purpose purpose) {
        if (purpose instanceof Purpose.LeadershipPost) {
            return "leadership-post";
        }
        return purpose instanceof Purpose.RankPromotion ? "rank-promotion" : "award";
    }

    /** The engine's view of a cadre's history, with the cards of the unit the cadre belongs to. */
    CadreFacts facts(CadreHistory h) {
        List<Correction> corrections = new ArrayList<>();
        Stream.of(
                h.entries().stream().map(e -> correction(e.entryId(), e.correction())),
                h.sanctions().stream().map(s -> correction(s.sanctionId(), s.correction())),
                h.interviews().stream().map(i -> correction(i.interviewId(), i.correction())),
                h.investigations().stream().map(i -> correction(i.investigationId(), i.correction())),
                h.grades().stream().map(g -> correction(g.gradeId(), g.correction())),
                h.postings().stream().map(p -> correction(p.postingId(), p.correction())))
                .flatMap(s -> s).filter(c -> c != null).forEach(corrections::add);
        List<GradeRecord> grades = new ArrayList<>();
        for (CadreHistory.Grade g : h.grades()) {
            if (g.correction() == null) {
                grades.add(new GradeRecord(g.year(), AnnualGrade.valueOf(g.grade()), g.effectiveDate(), g.recordedAt(),
                        g.eventId()));
            }
        }
        CadreHistory.Membership unit = h.currentUnit();
        List<UnitCard> cards = unit == null ? List.of() : histories.cardsOf(unit.unitId(), h.asOf(), h.knownAt())
                .stream().map(c -> new UnitCard(c.cardId(), c.quarter(), CardColour.valueOf(c.colour()), c.aspect(),
                        c.effectiveDate(), c.recordedAt(), c.eventId())).toList();
        return new CadreFacts(h.cadreId(), h.workStartDate(), h.grassrootsYears(), h.registeredOn(),
                h.posts().stream().map(p -> new PostHeld(p.post(), ladderLevel(h.cadreId(), p), p.since(), p.recordedAt(),
                        p.eventId())).toList(),
                h.ranks().stream().map(r -> new RankHeld(r.rank(), r.since(), r.recordedAt(), r.eventId())).toList(),
                h.sanctions().stream().map(s -> new Sanction(s.sanctionId(), SanctionKind.valueOf(s.kind()),
                        s.probationMonths(), s.effectiveDate(), s.recordedAt(), s.eventId(), s.sameMeasureAs()))
                        .toList(),
                h.investigations().stream().map(i -> {
                    Investigation open = Investigation.open(i.investigationId(), i.openedOn(), i.recordedAt(),
                            i.eventId());
                    return i.closedOn() == null ? open : open.closed(i.closedOn(), i.recordedAt(), i.closedEventId());
                }).toList(),
                grades,
                h.postings().stream().map(p -> new FrontlinePosting(p.postingId(), FrontlineKind.valueOf(p.kind()),
                        p.startDate(), p.endDate(), p.recordedAt(), p.eventId())).toList(),
                h.entries().stream().filter(e -> e.polarity().equals("NEGATIVE"))
                        .map(e -> new NegativeEntry(e.entryId(), e.points().intValue(), e.effectiveDate(),
                                e.recordedAt(), e.eventId())).toList(),
                cards, corrections,
                h.interviews().stream().map(i -> new Interview(i.interviewId(), InterviewKind.valueOf(i.kind()),
                        i.effectiveDate(), i.recordedAt(), i.eventId(), i.sameMeasureAs())).toList());
    }

    private static Correction correction(String recordId, CadreHistory.Correction c) {
        return c == null ? null : new Correction(recordId, Correction.Kind.valueOf(c.kind()), c.effectiveDate(),
                c.recordedAt(), c.eventId());
    }
}
