package cn.ledger.command.cadre;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.AmendEntry;
import cn.ledger.command.cadre.CadreCommands.AppointCadre;
import cn.ledger.command.cadre.CadreCommands.CloseInvestigation;
import cn.ledger.command.cadre.CadreCommands.DecideAppeal;
import cn.ledger.command.cadre.CadreCommands.EndPosting;
import cn.ledger.command.cadre.CadreCommands.FileAppeal;
import cn.ledger.command.cadre.CadreCommands.ImposeSanction;
import cn.ledger.command.cadre.CadreCommands.OpenInvestigation;
import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordAnnualGrade;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordInterview;
import cn.ledger.command.cadre.CadreCommands.RecordPosting;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.cadre.CadreCommands.RevokeCadreRecord;
import cn.ledger.command.cadre.CadreCommands.TolerateNegativeEntry;
import cn.ledger.command.cadre.CadreCommands.TransferCadre;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.event.AnnualGradeRecorded;
import cn.ledger.contract.event.AppealDecided;
import cn.ledger.contract.event.AppealFiled;
import cn.ledger.contract.event.CadreAppointed;
import cn.ledger.contract.event.CadreRegistered;
import cn.ledger.contract.event.CadreTransferred;
import cn.ledger.contract.event.FrontlinePostingEnded;
import cn.ledger.contract.event.FrontlinePostingRecorded;
import cn.ledger.contract.event.InterviewRecorded;
import cn.ledger.contract.event.InvestigationClosed;
import cn.ledger.contract.event.InvestigationOpened;
import cn.ledger.contract.event.NegativeEntryRecorded;
import cn.ledger.contract.event.NegativeEntryTolerated;
import cn.ledger.contract.event.PositiveEntryRecorded;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.SanctionImposed;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CadreAggregateTest {

    static final String C = "c-1";
    static final LocalDate REGISTERED = LocalDate.of(2023, 1, 1);
    static final CadreRegistered REGISTRATION = new CadreRegistered(C, "王建国", "u-1", "科长", "乡科正",
            LocalDate.of(2020, 1, 1), "一级主任科员", LocalDate.of(2020, 1, 1), LocalDate.of(2008, 7, 1), 5, "大学",
            REGISTERED);
    static final LocalDate D = LocalDate.of(2023, 9, 1);

    FixtureConfiguration<CadreAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CadreAggregate.class);
    }

    static NegativeEntryRecorded negative(String id) {
        return new NegativeEntryRecorded(C, id, "平安建设", BigDecimal.ONE, "问题", List.of(), D);
    }

    static SanctionImposed sanction(String id, LocalDate on) {
        return new SanctionImposed(C, id, SanctionKind.PARTY_WARNING, null, "区纪委", "违纪", on);
    }

    @Test
    void registersACadre() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCadre(C, "王建国", "u-1", "科长", "乡科正", LocalDate.of(2020, 1, 1), "一级主任科员",
                        LocalDate.of(2020, 1, 1), LocalDate.of(2008, 7, 1), 5, "大学", REGISTERED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTRATION);
    }

    @Test
    void recordsEntriesAndAnswersTheirSequenceNumber() {
        fixture.given(REGISTRATION)
                .when(new RecordEntry(C, "e-1", Polarity.POSITIVE, "项目双进", new BigDecimal("2"), "完成", List.of("doc"), D))
                .expectEvents(new PositiveEntryRecorded(C, "e-1", "项目双进", new BigDecimal("2"), "完成", List.of("doc"), D))
                .expectResultMessagePayload(1L);
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new RecordEntry(C, "e-2", Polarity.NEGATIVE, "平安建设", BigDecimal.ONE, "问题", List.of(), D))
                .expectEvents(new NegativeEntryRecorded(C, "e-2", "平安建设", BigDecimal.ONE, "问题", List.of(), D))
                .expectResultMessagePayload(2L);
    }

    @Test
    void rejectsARecordEffectiveBeforeRegistration() {
        fixture.given(REGISTRATION)
                .when(new RecordInterview(C, "i-1", InterviewKind.REMINDER, "部长", "提醒", REGISTERED.minusDays(1)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("is before the cadre was registered in the ledger (2023-01-01)")
                .expectNoEvents();
    }

    @Test
    void rejectsAReusedRecordId() {
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new RecordEntry(C, "e-1", Polarity.POSITIVE, "项目双进", BigDecimal.ONE, "x", List.of(), D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void interviewsCarryTheCadresCurrentUnit() {
        fixture.given(REGISTRATION, new CadreTransferred(C, "u-1", "u-2", D))
                .when(new RecordInterview(C, "i-1", InterviewKind.FORMAL_TALK, "书记", "约谈", D))
                .expectEvents(new InterviewRecorded(C, "i-1", "u-2", InterviewKind.FORMAL_TALK, "书记", "约谈", D));
    }

    @Test
    void appointsAndTransfersButNotToTheSameUnit() {
        fixture.given(REGISTRATION).when(new AppointCadre(C, "副区长", "县处副", D))
                .expectEvents(new CadreAppointed(C, "副区长", "县处副", D));
        fixture.given(REGISTRATION).when(new TransferCadre(C, "u-1", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void revokesARecordOnceAndKeepsTheOriginal() {
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new RevokeCadreRecord(C, "e-1", "录入错误", D))
                .expectEvents(new RecordRevoked(C, "e-1", "录入错误", null, D));
        fixture.given(REGISTRATION, negative("e-1"), new RecordRevoked(C, "e-1", "录入错误", null, D))
                .when(new RevokeCadreRecord(C, "e-1", "again", D))
                .expectException(RuleViolation.class).expectExceptionMessage("record e-1 is revoked").expectNoEvents();
        fixture.given(REGISTRATION)
                .when(new RevokeCadreRecord(C, "nope", "x", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void amendingAnEntryRevokesItAndRecordsTheCorrection() {
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new AmendEntry(C, "e-1", "e-2", "平安建设", new BigDecimal("0.5"), "更正", List.of(), "分值有误", D))
                .expectEvents(new RecordRevoked(C, "e-1", "分值有误", "e-2", D),
                        new NegativeEntryRecorded(C, "e-2", "平安建设", new BigDecimal("0.5"), "更正", List.of(), D));
    }

    @Test
    void toleratesOnlyALiveNegativeEntryAndOnlyOnce() {
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new TolerateNegativeEntry(C, "e-1", "三个区分开来", D))
                .expectEvents(new NegativeEntryTolerated(C, "e-1", "三个区分开来", D));
        fixture.given(REGISTRATION, negative("e-1"), new NegativeEntryTolerated(C, "e-1", "r", D))
                .when(new TolerateNegativeEntry(C, "e-1", "again", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, new PositiveEntryRecorded(C, "e-1", "项目双进", BigDecimal.ONE, "x", List.of(), D))
                .when(new TolerateNegativeEntry(C, "e-1", "r", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void probationNeedsTwelveOrTwentyFourMonthsAndNothingElseTakesThem() {
        fixture.given(REGISTRATION)
                .when(new ImposeSanction(C, "s-1", SanctionKind.PARTY_PROBATION, 12, "区纪委", "违纪", D))
                .expectEvents(new SanctionImposed(C, "s-1", SanctionKind.PARTY_PROBATION, 12, "区纪委", "违纪", D));
        fixture.given(REGISTRATION)
                .when(new ImposeSanction(C, "s-1", SanctionKind.PARTY_PROBATION, 18, "区纪委", "违纪", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION)
                .when(new ImposeSanction(C, "s-1", SanctionKind.GOVERNMENT_DEMERIT, 12, "区监委", "违法", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void aLinkedAdmonishmentNamesItsCounterpartEitherWayRound() {
        SanctionImposed admonishment = new SanctionImposed(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null,
                "区委组织部", "诫勉", D);
        InterviewRecorded talk = new InterviewRecorded(C, "i-1", "u-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话",
                D.plusDays(3));
        fixture.given(REGISTRATION, admonishment)
                .when(new RecordInterview(C, "i-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D.plusDays(3), "s-1"))
                .expectEvents(new InterviewRecorded(C, "i-1", "u-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话",
                        D.plusDays(3), "s-1"));
        fixture.given(REGISTRATION, talk)
                .when(new ImposeSanction(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null, "区委组织部", "诫勉",
                        D, "i-1"))
                .expectEvents(new SanctionImposed(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null, "区委组织部",
                        "诫勉", D, "i-1"));
    }

    @Test
    void rejectsALinkToNoRecordToAnotherKindOrFromAnotherKind() {
        SanctionImposed admonishment = new SanctionImposed(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null,
                "区委组织部", "诫勉", D);
        InterviewRecorded reminder = new InterviewRecorded(C, "i-9", "u-1", InterviewKind.REMINDER, "部长", "提醒", D);
        fixture.given(REGISTRATION)
                .when(new RecordInterview(C, "i-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D, "s-404"))
                .expectException(RuleViolation.class).expectExceptionMessage("no record s-404 for this cadre")
                .expectNoEvents();
        fixture.given(REGISTRATION, sanction("s-2", D))
                .when(new RecordInterview(C, "i-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D, "s-2"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("record s-2 is not a 诫勉 sanction (ORGANISATIONAL_ADMONISHMENT)")
                .expectNoEvents();
        fixture.given(REGISTRATION, reminder)
                .when(new ImposeSanction(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null, "区委组织部", "诫勉",
                        D, "i-9"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("record i-9 is not a 诫勉谈话 (ADMONISHMENT interview)").expectNoEvents();
        fixture.given(REGISTRATION, admonishment)
                .when(new RecordInterview(C, "i-1", InterviewKind.FORMAL_TALK, "部长", "约谈", D, "s-1"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("applies to a 诫勉谈话 (ADMONISHMENT) only").expectNoEvents();
        fixture.given(REGISTRATION, reminder)
                .when(new ImposeSanction(C, "s-1", SanctionKind.PARTY_WARNING, null, "区纪委", "违纪", D, "i-9"))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("applies to 诫勉 (ORGANISATIONAL_ADMONISHMENT) only").expectNoEvents();
    }

    @Test
    void aRecordIsOneMeasureWithOneOtherAtMost() {
        SanctionImposed admonishment = new SanctionImposed(C, "s-1", SanctionKind.ORGANISATIONAL_ADMONISHMENT, null,
                "区委组织部", "诫勉", D);
        InterviewRecorded linked = new InterviewRecorded(C, "i-1", "u-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话",
                D, "s-1");
        fixture.given(REGISTRATION, admonishment, linked)
                .when(new RecordInterview(C, "i-2", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D, "s-1"))
                .expectException(RuleViolation.class).expectExceptionMessage("record s-1 is already one measure with i-1")
                .expectNoEvents();
        fixture.given(REGISTRATION, admonishment, linked, new RecordRevoked(C, "i-1", "录入错误", null, D))
                .when(new RecordInterview(C, "i-2", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D, "s-1"))
                .expectEvents(new InterviewRecorded(C, "i-2", "u-1", InterviewKind.ADMONISHMENT, "部长", "诫勉谈话", D,
                        "s-1"));
    }

    @Test
    void closesAnInvestigationOnceAndNotBeforeItOpened() {
        InvestigationOpened opened = new InvestigationOpened(C, "inv-1", "区监委", "线索", D);
        fixture.given(REGISTRATION, opened)
                .when(new CloseInvestigation(C, "inv-1", "了结", D.plusDays(30)))
                .expectEvents(new InvestigationClosed(C, "inv-1", "了结", D.plusDays(30)));
        fixture.given(REGISTRATION, opened, new InvestigationClosed(C, "inv-1", "了结", D))
                .when(new CloseInvestigation(C, "inv-1", "again", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, opened)
                .when(new CloseInvestigation(C, "inv-1", "x", D.minusDays(1)))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION)
                .when(new CloseInvestigation(C, "inv-9", "x", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION).when(new OpenInvestigation(C, "inv-1", "区监委", "线索", D)).expectEvents(opened);
    }

    @Test
    void acceptsOneGradePerYearUnlessTheFirstIsRevoked() {
        AnnualGradeRecorded first = new AnnualGradeRecorded(C, "g-1", 2022, AnnualGrade.COMPETENT, D);
        fixture.given(REGISTRATION, first)
                .when(new RecordAnnualGrade(C, "g-2", 2022, AnnualGrade.EXCELLENT, D))
                .expectException(RuleViolation.class).expectExceptionMessage(
                        "a grade for 2022 is already recorded (g-1); revoke it first to record another")
                .expectNoEvents();
        fixture.given(REGISTRATION, first, new RecordRevoked(C, "g-1", "更正", null, D))
                .when(new RecordAnnualGrade(C, "g-2", 2022, AnnualGrade.EXCELLENT, D))
                .expectEvents(new AnnualGradeRecorded(C, "g-2", 2022, AnnualGrade.EXCELLENT, D));
        fixture.given(REGISTRATION)
                .when(new RecordAnnualGrade(C, "g-1", 2024, AnnualGrade.EXCELLENT, D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void postingsEndOnceAndNotBeforeTheyStart() {
        FrontlinePostingRecorded open = new FrontlinePostingRecorded(C, "p-1", FrontlineKind.PETITIONS, "信访", null, D);
        fixture.given(REGISTRATION).when(new RecordPosting(C, "p-1", FrontlineKind.PETITIONS, "信访", null, D))
                .expectEvents(open);
        fixture.given(REGISTRATION)
                .when(new RecordPosting(C, "p-1", FrontlineKind.PETITIONS, "信访", D.minusDays(1), D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, open).when(new EndPosting(C, "p-1", D.plusMonths(6)))
                .expectEvents(new FrontlinePostingEnded(C, "p-1", D.plusMonths(6)));
        fixture.given(REGISTRATION, open, new FrontlinePostingEnded(C, "p-1", D.plusMonths(6)))
                .when(new EndPosting(C, "p-1", D.plusMonths(7)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void aReviewMustBeFiledWithinThirtyDaysOfTheDecision() {
        fixture.given(REGISTRATION, sanction("s-1", D))
                .when(new FileAppeal(C, "a-1", "s-1", AppealStage.REVIEW, "事实不清", D.plusDays(30)))
                .expectEvents(new AppealFiled(C, "a-1", "s-1", AppealStage.REVIEW, "事实不清", D.plusDays(60),
                        D.plusDays(30)));
        fixture.given(REGISTRATION, sanction("s-1", D))
                .when(new FileAppeal(C, "a-1", "s-1", AppealStage.REVIEW, "事实不清", D.plusDays(31)))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("the time to file a REVIEW ended on " + D.plusDays(30))
                .expectNoEvents();
    }

    @Test
    void aComplaintFollowsTheReviewDecisionWithinFifteenDaysOrTheDecisionWithinThirty() {
        AppealFiled review = new AppealFiled(C, "a-1", "s-1", AppealStage.REVIEW, "r", D.plusDays(40), D.plusDays(10));
        AppealDecided upheld = new AppealDecided(C, "a-1", AppealOutcome.UPHELD, "维持", D.plusDays(20));
        fixture.given(REGISTRATION, sanction("s-1", D), review, upheld)
                .when(new FileAppeal(C, "a-2", "s-1", AppealStage.COMPLAINT, "申诉", D.plusDays(35)))
                .expectEvents(new AppealFiled(C, "a-2", "s-1", AppealStage.COMPLAINT, "申诉", D.plusDays(95),
                        D.plusDays(35)));
        fixture.given(REGISTRATION, sanction("s-1", D), review, upheld)
                .when(new FileAppeal(C, "a-2", "s-1", AppealStage.COMPLAINT, "申诉", D.plusDays(36)))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, sanction("s-1", D), review)
                .when(new FileAppeal(C, "a-2", "s-1", AppealStage.COMPLAINT, "申诉", D.plusDays(15)))
                .expectException(RuleViolation.class).expectExceptionMessage("the review of s-1 is not decided yet")
                .expectNoEvents();
        fixture.given(REGISTRATION, sanction("s-1", D))
                .when(new FileAppeal(C, "a-2", "s-1", AppealStage.COMPLAINT, "直接申诉", D.plusDays(30)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void onlySanctionsIncompetentGradesAndNegativeEntriesCanBeAppealed() {
        fixture.given(REGISTRATION, new AnnualGradeRecorded(C, "g-1", 2022, AnnualGrade.COMPETENT, D))
                .when(new FileAppeal(C, "a-1", "g-1", AppealStage.REVIEW, "x", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, new AnnualGradeRecorded(C, "g-1", 2022, AnnualGrade.INCOMPETENT, D))
                .when(new FileAppeal(C, "a-1", "g-1", AppealStage.REVIEW, "x", D))
                .expectSuccessfulHandlerExecution();
        fixture.given(REGISTRATION, negative("e-1"))
                .when(new FileAppeal(C, "a-1", "e-1", AppealStage.REVIEW, "x", D))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRevokingDecisionRevokesTheContestedRecordAndADecisionIsFinal() {
        AppealFiled review = new AppealFiled(C, "a-1", "s-1", AppealStage.REVIEW, "r", D.plusDays(40), D.plusDays(10));
        fixture.given(REGISTRATION, sanction("s-1", D), review)
                .when(new DecideAppeal(C, "a-1", AppealOutcome.REVOKED, "事实不清", D.plusDays(25)))
                .expectEvents(new AppealDecided(C, "a-1", AppealOutcome.REVOKED, "事实不清", D.plusDays(25)),
                        new RecordRevoked(C, "s-1", "appeal a-1: 事实不清", null, D.plusDays(25)));
        fixture.given(REGISTRATION, sanction("s-1", D), review,
                        new AppealDecided(C, "a-1", AppealOutcome.UPHELD, "维持", D.plusDays(20)))
                .when(new DecideAppeal(C, "a-1", AppealOutcome.REVOKED, "x", D.plusDays(25)))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, sanction("s-1", D), review)
                .when(new DecideAppeal(C, "a-1", AppealOutcome.UPHELD, "x", D.plusDays(5)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void theContestedRecordKeepsCountingWhileTheAppealRuns() {
        AppealFiled review = new AppealFiled(C, "a-1", "s-1", AppealStage.REVIEW, "r", D.plusDays(40), D.plusDays(10));
        fixture.given(REGISTRATION, sanction("s-1", D), review)
                .when(new RevokeCadreRecord(C, "s-1", "纠错", D.plusDays(12)))
                .expectEvents(new RecordRevoked(C, "s-1", "纠错", null, D.plusDays(12)));
        assertThat(review.contestedRecordId()).isEqualTo("s-1");
    }
}
