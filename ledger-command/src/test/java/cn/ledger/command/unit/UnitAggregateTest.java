package cn.ledger.command.unit;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.unit.UnitCommands.CompleteAssignment;
import cn.ledger.command.unit.UnitCommands.IssueAssignment;
import cn.ledger.command.unit.UnitCommands.IssueCard;
import cn.ledger.command.unit.UnitCommands.OpenAccountabilityProcedure;
import cn.ledger.command.unit.UnitCommands.RenameUnit;
import cn.ledger.command.unit.UnitCommands.RevokeUnitRecord;
import cn.ledger.command.unit.UnitCommands.ScoreEvaluation;
import cn.ledger.contract.AssignmentKind;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.event.AccountabilityProcedureOpened;
import cn.ledger.contract.event.AssignmentCompleted;
import cn.ledger.contract.event.AssignmentIssued;
import cn.ledger.contract.event.CardIssued;
import cn.ledger.contract.event.EvaluationScored;
import cn.ledger.contract.event.RecordRevoked;
import cn.ledger.contract.event.UnitClosed;
import cn.ledger.contract.event.UnitRegistered;
import cn.ledger.contract.event.UnitRenamed;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnitAggregateTest {

    static final String U = "u-1";
    static final LocalDate D = LocalDate.of(2023, 9, 1);
    static final UnitRegistered REGISTRATION = new UnitRegistered(U, "培黎街道", UnitCategory.STREET_OFFICE, "anning",
            LocalDate.of(2023, 1, 1));
    static final CardIssued CARD = new CardIssued(U, "k-1", "平安建设", "2023-Q3", CardColour.YELLOW, "anning", D);
    static final AssignmentIssued ASSIGNMENT = new AssignmentIssued(U, "a-1", AssignmentKind.WEEKLY, "清理积案",
            D.plusDays(7), "anning", D);

    FixtureConfiguration<UnitAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UnitAggregate.class);
    }

    @Test
    void issuesOneCardPerAspectAndQuarterUntilItIsRevoked() {
        fixture.given(REGISTRATION)
                .when(new IssueCard(U, "k-1", "平安建设", "2023-Q3", CardColour.YELLOW, "anning", D))
                .expectEvents(CARD).expectResultMessagePayload(1L);
        fixture.given(REGISTRATION, CARD)
                .when(new IssueCard(U, "k-2", "平安建设", "2023-Q3", CardColour.BLUE, "anning", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, CARD, new RecordRevoked(U, "k-1", "错发", null, D))
                .when(new IssueCard(U, "k-2", "平安建设", "2023-Q3", CardColour.BLUE, "anning", D))
                .expectEvents(new CardIssued(U, "k-2", "平安建设", "2023-Q3", CardColour.BLUE, "anning", D));
        fixture.given(REGISTRATION, CARD)
                .when(new IssueCard(U, "k-2", "平安建设", "2023-Q4", CardColour.BLUE, "anning", D))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aClosedUnitTakesNoMoreRecords() {
        fixture.given(REGISTRATION, new UnitClosed(U, "合并", D))
                .when(new IssueCard(U, "k-1", "平安建设", "2023-Q3", CardColour.YELLOW, "anning", D))
                .expectException(RuleViolation.class).expectExceptionMessage("unit u-1 is closed").expectNoEvents();
        fixture.given(REGISTRATION, new UnitClosed(U, "合并", D))
                .when(new RenameUnit(U, "新名", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION).when(new RenameUnit(U, "新名", D)).expectEvents(new UnitRenamed(U, "新名", D));
    }

    @Test
    void rejectsRecordsEffectiveBeforeRegistration() {
        fixture.given(REGISTRATION)
                .when(new IssueCard(U, "k-1", "平安建设", "2022-Q4", CardColour.RED, "anning", LocalDate.of(2022, 12, 1)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void completesAnAssignmentOnceAndOnlyAKnownOne() {
        fixture.given(REGISTRATION)
                .when(new IssueAssignment(U, "a-1", AssignmentKind.WEEKLY, "清理积案", D.plusDays(7), "anning", D))
                .expectEvents(ASSIGNMENT);
        fixture.given(REGISTRATION)
                .when(new IssueAssignment(U, "a-1", AssignmentKind.WEEKLY, "清理积案", D.minusDays(1), "anning", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, ASSIGNMENT)
                .when(new CompleteAssignment(U, "a-1", "已销号", D.plusDays(9)))
                .expectEvents(new AssignmentCompleted(U, "a-1", "已销号", D.plusDays(9)));
        fixture.given(REGISTRATION, ASSIGNMENT, new AssignmentCompleted(U, "a-1", "已销号", D.plusDays(3)))
                .when(new CompleteAssignment(U, "a-1", "again", D.plusDays(4)))
                .expectException(RuleViolation.class).expectExceptionMessage("assignment a-1 is already completed")
                .expectNoEvents();
        fixture.given(REGISTRATION)
                .when(new CompleteAssignment(U, "a-9", "x", D))
                .expectException(RuleViolation.class).expectExceptionMessage("no assignment a-9 for this unit")
                .expectNoEvents();
        fixture.given(REGISTRATION, ASSIGNMENT, new RecordRevoked(U, "a-1", "撤回", null, D))
                .when(new CompleteAssignment(U, "a-1", "x", D.plusDays(1)))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, ASSIGNMENT)
                .when(new CompleteAssignment(U, "a-1", "x", D.minusDays(1)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void oneEvaluationPerAssessorAndMonth() {
        EvaluationScored first = new EvaluationScored(U, "ev-1", "2023-09", new BigDecimal("91"), "考核办", D);
        fixture.given(REGISTRATION)
                .when(new ScoreEvaluation(U, "ev-1", "2023-09", new BigDecimal("91"), "考核办", D))
                .expectEvents(first);
        fixture.given(REGISTRATION, first)
                .when(new ScoreEvaluation(U, "ev-2", "2023-09", new BigDecimal("95"), "考核办", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION, first)
                .when(new ScoreEvaluation(U, "ev-2", "2023-09", new BigDecimal("88"), "督查委", D))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void atMostOneAccountabilityProcedurePerMonth() {
        AccountabilityProcedureOpened opened = new AccountabilityProcedureOpened(U, "p-1", "2023-09", "连续两月末位", D);
        fixture.given(REGISTRATION)
                .when(new OpenAccountabilityProcedure(U, "p-1", "2023-09", "连续两月末位", D))
                .expectEvents(opened);
        fixture.given(REGISTRATION, opened)
                .when(new OpenAccountabilityProcedure(U, "p-2", "2023-09", "重放", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void revokesAKnownRecordOnce() {
        fixture.given(REGISTRATION, CARD).when(new RevokeUnitRecord(U, "k-1", "错发", D))
                .expectEvents(new RecordRevoked(U, "k-1", "错发", null, D));
        fixture.given(REGISTRATION, CARD, new RecordRevoked(U, "k-1", "错发", null, D))
                .when(new RevokeUnitRecord(U, "k-1", "again", D))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(REGISTRATION).when(new RevokeUnitRecord(U, "k-9", "x", D))
                .expectException(RuleViolation.class).expectNoEvents();
    }
}
