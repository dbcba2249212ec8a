package cn.ledger.command.cadre;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.AppointCadre;
import cn.ledger.command.cadre.CadreCommands.ChangeRank;
import cn.ledger.command.cadre.CadreCommands.EnterHistory;
import cn.ledger.command.cadre.CadreCommands.ImposeSanction;
import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordAnnualGrade;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordPosting;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.FrontlinePostingRecorded;
import cn.ledger.contract.event.SanctionImposed;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Facts entered as history: effective before the cadre's registration, recorded now, marked as such. */
class CadreHistoryTest {

    static final String C = "c-1";
    static final LocalDate REGISTERED = LocalDate.of(2025, 6, 1);
    static final LocalDate POST_SINCE = LocalDate.of(2022, 3, 1);
    static final LocalDate RANK_SINCE = LocalDate.of(2021, 7, 1);
    static final LocalDate WORK_START = LocalDate.of(2008, 7, 1);
    static final CadreRegistered REGISTRATION = new CadreRegistered(C, "王建国", "u-1", "科长", "乡科正", POST_SINCE,
            "一级主任科员", RANK_SINCE, WORK_START, 5, "大学", REGISTERED);
    static final LocalDate IN_2023 = LocalDate.of(2023, 9, 12);

    FixtureConfiguration<CadreAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CadreAggregate.class);
    }

    static ImposeSanction demerit(String id, LocalDate on) {
        return new ImposeSanction(C, id, SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委", "违反工作纪律", on);
    }

    /** The events, in order, with their payloads equal to {@code payloads} and every one marked as history. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Matcher<List<EventMessage<?>>> historyOf(Object... payloads) {
        return (Matcher) Matchers.predicate((List<EventMessage<?>> events) -> events.size() == payloads.length
                && java.util.stream.IntStream.range(0, payloads.length).allMatch(i ->
                        events.get(i).getPayload().equals(payloads[i])
                                && Boolean.TRUE.equals(events.get(i).getMetaData().get(CadreAggregate.HISTORY))));
    }

    @Test
    void entersASanctionFromBeforeRegistrationAsHistory() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, demerit("s-1", IN_2023)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(historyOf(new SanctionImposed(C, "s-1", SanctionKind.GOVERNMENT_DEMERIT, null, "区纪委",
                        "违反工作纪律", IN_2023)))
                .expectResultMessagePayload(1L);
    }

    @Test
    void anOrdinaryRecordBeforeRegistrationIsStillRefused() {
        fixture.given(REGISTRATION)
                .when(demerit("s-1", IN_2023))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("is before the cadre was registered in the ledger (2025-06-01)")
                .expectNoEvents();
    }

    @Test
    void anOrdinaryRecordIsNotMarkedAsHistory() {
        fixture.given(REGISTRATION)
                .when(demerit("s-1", REGISTERED.plusDays(3)))
                .expectEventsMatching(Matchers.predicate((List<EventMessage<?>> events) -> events.size() == 1
                        && !events.get(0).getMetaData().containsKey(CadreAggregate.HISTORY)));
    }

    @Test
    void refusesHistoryOnOrAfterTheRegistration() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, demerit("s-1", REGISTERED)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is not before the cadre was registered"))
                .expectNoEvents();
    }

    @Test
    void refusesHistoryBeforeTheCadreStartedWork() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new RecordEntry(C, "e-1", Polarity.POSITIVE, "项目双进", BigDecimal.ONE,
                        "完成", List.of(), WORK_START.minusDays(1))))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("is before the cadre started work (2008-07-01)")
                .expectNoEvents();
    }

    @Test
    void aPastPostMustHaveBegunBeforeThePostHeldAtRegistration() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new AppointCadre(C, "副科长", "乡科副", LocalDate.of(2018, 1, 1))))
                .expectEventsMatching(historyOf(new CadreAppointed(C, "副科长", "乡科副", LocalDate.of(2018, 1, 1))));
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new AppointCadre(C, "副科长", "乡科副", POST_SINCE)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("post held at registration"))
                .expectNoEvents();
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new ChangeRank(C, "二级主任科员", RANK_SINCE.plusDays(1))))
                .expectException(RuleViolation.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("rank held at registration"))
                .expectNoEvents();
    }

    @Test
    void historyIsJudgedByTheFactsOwnRules() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new ImposeSanction(C, "s-1", SanctionKind.PARTY_PROBATION, 18, "区纪委", "违纪",
                        IN_2023)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("must be 12 or 24 for 留党察看")
                .expectNoEvents();
        fixture.given(REGISTRATION, new AnnualGradeRecorded(C, "g-1", 2023, AnnualGrade.COMPETENT,
                        LocalDate.of(2024, 1, 15)))
                .when(new EnterHistory(C, new RecordAnnualGrade(C, "g-2", 2023, AnnualGrade.EXCELLENT,
                        LocalDate.of(2024, 1, 20))))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesAFactAboutAnotherCadre() {
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new RecordPosting("c-2", "p-1", FrontlineKind.values()[0], "驻村",
                        null, IN_2023)))
                .expectException(RuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void aPostingStartedBeforeRegistrationMayStillRun() {
        FrontlineKind kind = FrontlineKind.values()[0];
        fixture.given(REGISTRATION)
                .when(new EnterHistory(C, new RecordPosting(C, "p-1", kind, "驻村第一书记", null, IN_2023)))
                .expectEventsMatching(historyOf(new FrontlinePostingRecorded(C, "p-1", kind, "驻村第一书记", null,
                        IN_2023)));
    }
}
