package cn.ledger.command.unit;

import cn.ledger.command.RuleViolation;
import cn.ledger.command.unit.UnitCommands.CloseUnit;
import cn.ledger.command.unit.UnitCommands.CompleteAssignment;
import cn.ledger.command.unit.UnitCommands.IssueAssignment;
import cn.ledger.command.unit.UnitCommands.IssueCard;
import cn.ledger.command.unit.UnitCommands.OpenAccountabilityProcedure;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.command.unit.UnitCommands.RenameUnit;
import cn.ledger.command.unit.UnitCommands.RevokeUnitRecord;
import cn.ledger.command.unit.UnitCommands.ScoreEvaluation;
import cn.ledger.command.web.CommandResult;
import cn.ledger.command.web.CommandSender;
import cn.ledger.command.web.RequestRules;
import cn.ledger.contract.AssignmentKind;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import cn.ledger.contract.text.LedgerText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Digits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/units")
@Tag(name = "units", description = "Units (单位) and what their parent issues to them")
public class UnitController {

    static final String ID = "[A-Za-z0-9._-]{1,64}";
    static final String YEAR = "(19\\d{2}|2[01]\\d{2}|2200)";
    static final String MONTH = YEAR + "-(0[1-9]|1[0-2])";

    private final CommandSender sender;
    private final RequestRules rules;

    public UnitController(CommandSender sender, RequestRules rules) {
        this.sender = sender;
        this.rules = rules;
    }

    public record RegisterUnitRequest(
            @Pattern(regexp = ID) String unitId,
            @NotBlank @LedgerText(max = 200) String name,
            @NotNull UnitCategory category,
            @Pattern(regexp = ID) String parentUnitId,
            @NotNull LocalDate effectiveDate) {}

    public record RenameRequest(
            @NotBlank @LedgerText(max = 200) String name,
            @NotNull LocalDate effectiveDate) {}

    public record ReasonRequest(
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    public record IssueCardRequest(
            @NotBlank @LedgerText(max = 100) String aspect,
            @NotNull @Pattern(regexp = YEAR + "-Q[1-4]", message = "must look like 2023-Q3, in the years 1900 to 2200") String quarter,
            @NotNull CardColour colour,
            @Pattern(regexp = ID) String issuedByUnitId,
            @NotNull LocalDate effectiveDate) {}

    public record AssignmentRequest(
            @NotNull AssignmentKind kind,
            @NotBlank @LedgerText(max = 500) String title,
            @NotNull LocalDate dueDate,
            @Pattern(regexp = ID) String issuedByUnitId,
            @NotNull LocalDate effectiveDate) {}

    public record CompletionRequest(
            @LedgerText(max = 2000) String note,
            @NotNull LocalDate effectiveDate) {}

    public record EvaluationRequest(
            @NotNull @Pattern(regexp = MONTH, message = "must look like 2023-09, in the years 1900 to 2200") String month,
            @NotNull @DecimalMin("0") @DecimalMax("1000") @Digits(integer = 4, fraction = 2, message = "must have at most 4 digits before the decimal point and 2 after it") BigDecimal score,
            @NotBlank @LedgerText(max = 100) String assessor,
            @NotNull LocalDate effectiveDate) {}

    public record AccountabilityRequest(
            @NotNull @Pattern(regexp = MONTH, message = "must look like 2023-09, in the years 1900 to 2200") String month,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a unit under its parent")
    public CommandResult register(@Valid @RequestBody RegisterUnitRequest body) {
        String unitId = RequestRules.idOrNew(body.unitId());
        if (body.parentUnitId() != null) {
            rules.unitOpenInScope("parentUnitId", body.parentUnitId());
        } else {
            rules.unitInScope("unitId", unitId);
        }
        rules.idFree("unitId", unitId);
        rules.effectiveNotInFuture(body.effectiveDate());
        sender.send(new RegisterUnit(unitId, body.name(), body.category(), body.parentUnitId(), body.effectiveDate()));
        return new CommandResult(unitId, unitId, 0);
    }

    @PostMapping("/{unitId}/renaming")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Rename a unit")
    public CommandResult rename(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody RenameRequest body) {
        return send(unitId, body.effectiveDate(), null,
                () -> new RenameUnit(unitId, body.name(), body.effectiveDate()));
    }

    @PostMapping("/{unitId}/closure")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Close a unit; nothing more can be recorded for it or its cadres")
    public CommandResult close(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody ReasonRequest body) {
        return send(unitId, body.effectiveDate(), null,
                () -> new CloseUnit(unitId, body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{unitId}/cards")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a blue, yellow or red card (亮牌) for one aspect and quarter")
    public CommandResult issueCard(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody IssueCardRequest body) {
        rules.aspectConfigured(body.aspect());
        String issuer = issuer(unitId, body.issuedByUnitId());
        String cardId = RequestRules.idOrNew(null);
        return send(unitId, body.effectiveDate(), cardId, () -> new IssueCard(unitId, cardId, body.aspect(),
                body.quarter(), body.colour(), issuer, body.effectiveDate()));
    }

    @PostMapping("/{unitId}/assignments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an assignment (周交办 or 责任清单) with its due date")
    public CommandResult issueAssignment(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody AssignmentRequest body) {
        String issuer = issuer(unitId, body.issuedByUnitId());
        String assignmentId = RequestRules.idOrNew(null);
        return send(unitId, body.effectiveDate(), assignmentId, () -> new IssueAssignment(unitId,
                assignmentId, body.kind(), body.title(), body.dueDate(), issuer, body.effectiveDate()));
    }

    @PostMapping("/{unitId}/assignments/{assignmentId}/completion")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tick off (销号) an assignment; late when after its due date")
    public CommandResult completeAssignment(@PathVariable @Pattern(regexp = ID) String unitId,
            @PathVariable @Pattern(regexp = ID) String assignmentId, @Valid @RequestBody CompletionRequest body) {
        return send(unitId, body.effectiveDate(), assignmentId,
                () -> new CompleteAssignment(unitId, assignmentId, body.note(), body.effectiveDate()));
    }

    @PostMapping("/{unitId}/evaluations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an assessor's monthly evaluation score (月考评得分)")
    public CommandResult evaluate(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody EvaluationRequest body) {
        if (YearMonth.parse(body.month()).atDay(1).isAfter(body.effectiveDate())) {
            throw RuleViolation.invalid("month", "is after the date the score was given (" + body.effectiveDate() + ")");
        }
        String evaluationId = RequestRules.idOrNew(null);
        return send(unitId, body.effectiveDate(), evaluationId, () -> new ScoreEvaluation(unitId,
                evaluationId, body.month(), body.score(), body.assessor(), body.effectiveDate()));
    }

    @PostMapping("/{unitId}/accountability-procedures")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open an accountability procedure (启动问责程序) for a month; at most one per unit and month")
    public CommandResult openAccountability(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody AccountabilityRequest body) {
        String procedureId = RequestRules.idOrNew(null);
        return send(unitId, body.effectiveDate(), procedureId, () -> new OpenAccountabilityProcedure(unitId,
                procedureId, body.month(), body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{unitId}/records/{recordId}/revocation")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Revoke a card, assignment, evaluation or procedure; it stays in the history")
    public CommandResult revoke(@PathVariable @Pattern(regexp = ID) String unitId,
            @PathVariable @Pattern(regexp = ID) String recordId, @Valid @RequestBody ReasonRequest body) {
        return send(unitId, body.effectiveDate(), recordId,
                () -> new RevokeUnitRecord(unitId, recordId, body.reason(), body.effectiveDate()));
    }

    /**
     * The unit that issues a card or an assignment: the one named, which must lie in the caller's
     * scope and exist (403 before 404, like every unit reference); else the unit's parent.
     */
    private String issuer(String unitId, String issuedByUnitId) {
        if (issuedByUnitId != null) {
            rules.unitKnownInScope("issuedByUnitId", issuedByUnitId);
            return issuedByUnitId;
        }
        return rules.parentOf(unitId);
    }

    private CommandResult send(String unitId, LocalDate effectiveDate, String recordId,
            Supplier<Object> command) {
        rules.unitKnownInScope("unitId", unitId);
        rules.effectiveNotInFuture(effectiveDate);
        long sequence = sender.send(command.get());
        return new CommandResult(recordId == null ? unitId : recordId, unitId, sequence);
    }
}
