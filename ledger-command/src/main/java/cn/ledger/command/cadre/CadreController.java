package cn.ledger.command.cadre;

import cn.ledger.command.cadre.CadreCommands.AmendEntry;
import cn.ledger.command.cadre.CadreCommands.AppointCadre;
import cn.ledger.command.cadre.CadreCommands.ChangeRank;
import cn.ledger.command.cadre.CadreCommands.CloseInvestigation;
import cn.ledger.command.cadre.CadreCommands.DecideAppeal;
import cn.ledger.command.cadre.CadreCommands.EndPosting;
import cn.ledger.command.cadre.CadreCommands.EnterHistory;
import cn.ledger.command.cadre.CadreCommands.HistoryFact;
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
import cn.ledger.command.web.CommandResult;
import cn.ledger.command.web.CommandSender;
import cn.ledger.command.web.RequestRules;
import cn.ledger.contract.AnnualGrade;
import cn.ledger.contract.AppealOutcome;
import cn.ledger.contract.AppealStage;
import cn.ledger.contract.FrontlineKind;
import cn.ledger.contract.InterviewKind;
import cn.ledger.contract.PostLevels;
import cn.ledger.contract.SanctionKind;
import cn.ledger.contract.text.LedgerText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
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
@RequestMapping("/api/v1/cadres")
@Tag(name = "cadres", description = "Cadres (干部) and the records kept about them")
public class CadreController {

    static final String ID = "[A-Za-z0-9._-]{1,64}";

    private final CommandSender sender;
    private final RequestRules rules;

    public CadreController(CommandSender sender, RequestRules rules) {
        this.sender = sender;
        this.rules = rules;
    }

    /**
     * A request for a record that may be entered as history ({@code "history": true}): one that took effect before
     * the cadre's registration.
     */
    interface MayBeHistory {
        Boolean history();

        default boolean asHistory() {
            return Boolean.TRUE.equals(history());
        }
    }

    public record RegisterCadreRequest(
            @Pattern(regexp = ID) String cadreId,
            @NotBlank @LedgerText(max = 100) String name,
            @NotNull @Pattern(regexp = ID) String unitId,
            @NotBlank @LedgerText(max = 100) String post,
            @NotBlank @Pattern(regexp = PostLevels.PATTERN, message = PostLevels.MESSAGE) String postLevel,
            @NotNull LocalDate postSince,
            @NotBlank @LedgerText(max = 50) String rank,
            @NotNull LocalDate rankSince,
            @NotNull LocalDate workStartDate,
            @Min(0) @Max(60) int grassrootsYears,
            @LedgerText(max = 50) String education,
            @NotNull LocalDate effectiveDate) {}

    public record AppointRequest(
            @NotBlank @LedgerText(max = 100) String post,
            @NotBlank @Pattern(regexp = PostLevels.PATTERN, message = PostLevels.MESSAGE) String postLevel,
            @NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record RankChangeRequest(
            @NotBlank @LedgerText(max = 50) String rank,
            @NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record TransferRequest(@NotNull @Pattern(regexp = ID) String toUnitId, @NotNull LocalDate effectiveDate) {}

    public record RecordEntryRequest(
            @NotNull Polarity polarity,
            @NotBlank @LedgerText(max = 100) String aspect,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2, message = "must have at most 10 digits before the decimal point and 2 after it") BigDecimal points,
            @NotBlank @LedgerText(max = 2000) String summary,
            @Size(max = 50) List<@NotBlank @LedgerText(max = 500) String> evidence,
            @NotNull LocalDate effectiveDate,
            cn.ledger.contract.NegativeFinding finding,
            Boolean history) implements MayBeHistory {}

    public record AmendEntryRequest(
            @NotBlank @LedgerText(max = 100) String aspect,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2, message = "must have at most 10 digits before the decimal point and 2 after it") BigDecimal points,
            @NotBlank @LedgerText(max = 2000) String summary,
            @Size(max = 50) List<@NotBlank @LedgerText(max = 500) String> evidence,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    public record ReasonRequest(
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    /**
     * {@code sameMeasureAs} (optional, ADMONISHMENT only): the id of this cadre's ORGANISATIONAL_ADMONISHMENT
     * sanction that records the same 诫勉, so that the measure counts once.
     */
    public record RecordInterviewRequest(
            @NotNull InterviewKind kind,
            @NotBlank @LedgerText(max = 100) String interviewer,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate,
            @Pattern(regexp = ID) String sameMeasureAs,
            Boolean history) implements MayBeHistory {}

    /**
     * {@code sameMeasureAs} (optional, ORGANISATIONAL_ADMONISHMENT only): the id of this cadre's 诫勉谈话
     * (ADMONISHMENT interview) that records the same 诫勉, so that the measure counts once.
     */
    public record SanctionRequest(
            @NotNull SanctionKind kind,
            @Min(12) @Max(24) Integer probationMonths,
            @NotBlank @LedgerText(max = 100) String decidedBy,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate,
            @Pattern(regexp = ID) String sameMeasureAs,
            Boolean history) implements MayBeHistory {}

    public record InvestigationRequest(
            @NotBlank @LedgerText(max = 100) String authority,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record InvestigationClosureRequest(
            @NotBlank @LedgerText(max = 2000) String outcome,
            @NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record GradeRequest(@Min(1950) @Max(2100) int year, @NotNull AnnualGrade grade,
            @NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record PostingRequest(
            @NotNull FrontlineKind kind,
            @NotBlank @LedgerText(max = 500) String description,
            @NotNull LocalDate startDate,
            LocalDate endDate,
            Boolean history) implements MayBeHistory {}

    public record DateRequest(@NotNull LocalDate effectiveDate,
            Boolean history) implements MayBeHistory {}

    public record AppealRequest(
            @NotNull @Pattern(regexp = ID) String contestedRecordId,
            @NotNull AppealStage stage,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    public record AppealDecisionRequest(
            @NotNull AppealOutcome outcome,
            @NotBlank @LedgerText(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a cadre with their master data")
    public CommandResult register(@Valid @RequestBody RegisterCadreRequest body) {
        rules.unitOpenInScope("unitId", body.unitId());
        String cadreId = RequestRules.idOrNew(body.cadreId());
        rules.idFree("cadreId", cadreId);
        rules.effectiveNotInFuture(body.effectiveDate());
        sender.send(new RegisterCadre(cadreId, body.name(), body.unitId(), body.post(), body.postLevel(),
                body.postSince(), body.rank(), body.rankSince(), body.workStartDate(), body.grassrootsYears(),
                body.education(), body.effectiveDate()));
        return new CommandResult(cadreId, cadreId, 0);
    }

    @PostMapping("/{cadreId}/appointments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Appoint the cadre to a new post (职务) and level")
    public CommandResult appoint(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody AppointRequest body) {
        return send(cadreId, body.asHistory(), body.effectiveDate(), null,
                () -> new AppointCadre(cadreId, body.post(), body.postLevel(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/rank-changes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Change the cadre's rank (职级)")
    public CommandResult changeRank(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody RankChangeRequest body) {
        return send(cadreId, body.asHistory(), body.effectiveDate(), null,
                () -> new ChangeRank(cadreId, body.rank(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Transfer the cadre to another unit")
    public CommandResult transfer(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody TransferRequest body) {
        rules.unitOpenInScope("toUnitId", body.toUnitId());
        return send(cadreId, body.effectiveDate(), null,
                () -> new TransferCadre(cadreId, body.toUnitId(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/entries")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a positive (正向) or negative (负向) entry")
    public CommandResult recordEntry(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody RecordEntryRequest body) {
        rules.aspectConfigured(body.aspect());
        rules.pointsInRange(body.points());
        String entryId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.effectiveDate(), entryId, () -> new RecordEntry(cadreId, entryId,
                body.polarity(), body.aspect(), body.points(), body.summary(), body.evidence(), body.effectiveDate(),
                body.finding()));
    }

    @PostMapping("/{cadreId}/entries/{entryId}/amendment")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Amend an entry: the original is revoked as superseded and the corrected one recorded")
    public CommandResult amendEntry(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String entryId, @Valid @RequestBody AmendEntryRequest body) {
        rules.aspectConfigured(body.aspect());
        rules.pointsInRange(body.points());
        String newEntryId = RequestRules.idOrNew(null);
        return send(cadreId, body.effectiveDate(), newEntryId, () -> new AmendEntry(cadreId, entryId,
                newEntryId, body.aspect(), body.points(), body.summary(), body.evidence(), body.reason(),
                body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/entries/{entryId}/revocation")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Revoke an entry; it stays in the history but no longer counts")
    public CommandResult revokeEntry(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String entryId, @Valid @RequestBody ReasonRequest body) {
        return revokeRecord(cadreId, entryId, body);
    }

    @PostMapping("/{cadreId}/entries/{entryId}/toleration")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Mark a negative entry 容错免责: it stays in the history but no longer counts")
    public CommandResult tolerate(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String entryId, @Valid @RequestBody ReasonRequest body) {
        return send(cadreId, body.effectiveDate(), entryId,
                () -> new TolerateNegativeEntry(cadreId, entryId, body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/records/{recordId}/revocation")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Revoke any earlier record of the cadre (interview, sanction, grade, posting, …)")
    public CommandResult revokeRecord(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String recordId, @Valid @RequestBody ReasonRequest body) {
        return send(cadreId, body.effectiveDate(), recordId,
                () -> new RevokeCadreRecord(cadreId, recordId, body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/interviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an interview (提醒谈话, 约谈 or 诫勉谈话); a 诫勉谈话 may name the 诫勉 sanction recorded "
            + "for the same measure (sameMeasureAs)")
    public CommandResult recordInterview(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody RecordInterviewRequest body) {
        String interviewId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.effectiveDate(), interviewId, () -> new RecordInterview(cadreId,
                interviewId, body.kind(), body.interviewer(), body.reason(), body.effectiveDate(),
                body.sameMeasureAs()));
    }

    @PostMapping("/{cadreId}/sanctions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a Party discipline, government sanction or organisational handling decision; a 诫勉 "
            + "may name the 诫勉谈话 recorded for the same measure (sameMeasureAs)")
    public CommandResult sanction(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody SanctionRequest body) {
        String sanctionId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.effectiveDate(), sanctionId, () -> new ImposeSanction(cadreId, sanctionId,
                body.kind(), body.probationMonths(), body.decidedBy(), body.reason(), body.effectiveDate(),
                body.sameMeasureAs()));
    }

    @PostMapping("/{cadreId}/investigations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Open an investigation (立案审查调查)")
    public CommandResult openInvestigation(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody InvestigationRequest body) {
        String investigationId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.effectiveDate(), investigationId, () -> new OpenInvestigation(cadreId,
                investigationId, body.authority(), body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/investigations/{investigationId}/closure")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Close an investigation")
    public CommandResult closeInvestigation(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String investigationId,
            @Valid @RequestBody InvestigationClosureRequest body) {
        return send(cadreId, body.asHistory(), body.effectiveDate(), investigationId,
                () -> new CloseInvestigation(cadreId, investigationId, body.outcome(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/annual-grades")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record the annual grade (年度考核) for a year")
    public CommandResult grade(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody GradeRequest body) {
        String gradeId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.effectiveDate(), gradeId,
                () -> new RecordAnnualGrade(cadreId, gradeId, body.year(), body.grade(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/postings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a frontline posting (一线工作经历) with its start and, if known, its end")
    public CommandResult posting(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody PostingRequest body) {
        String postingId = RequestRules.idOrNew(null);
        return send(cadreId, body.asHistory(), body.startDate(), postingId, () -> new RecordPosting(cadreId, postingId,
                body.kind(), body.description(), body.endDate(), body.startDate()));
    }

    @PostMapping("/{cadreId}/postings/{postingId}/end")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "End an open-ended frontline posting")
    public CommandResult endPosting(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String postingId, @Valid @RequestBody DateRequest body) {
        return send(cadreId, body.asHistory(), body.effectiveDate(), postingId,
                () -> new EndPosting(cadreId, postingId, body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/appeals")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "File a review (复核) or complaint (申诉) against a sanction, a 不称职 grade or a negative entry")
    public CommandResult fileAppeal(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody AppealRequest body) {
        String appealId = RequestRules.idOrNew(null);
        return send(cadreId, body.effectiveDate(), appealId, () -> new FileAppeal(cadreId, appealId,
                body.contestedRecordId(), body.stage(), body.reason(), body.effectiveDate()));
    }

    @PostMapping("/{cadreId}/appeals/{appealId}/decision")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Decide an appeal: upheld, amended, or revoked (which revokes the contested record)")
    public CommandResult decideAppeal(@PathVariable @Pattern(regexp = ID) String cadreId,
            @PathVariable @Pattern(regexp = ID) String appealId, @Valid @RequestBody AppealDecisionRequest body) {
        return send(cadreId, body.effectiveDate(), appealId,
                () -> new DecideAppeal(cadreId, appealId, body.outcome(), body.reason(), body.effectiveDate()));
    }

    private CommandResult send(String cadreId, LocalDate effectiveDate, String recordId,
            Supplier<Object> command) {
        rules.cadreWritable(cadreId);
        rules.effectiveNotInFuture(effectiveDate);
        long sequence = sender.send(command.get());
        return new CommandResult(recordId == null ? cadreId : recordId, cadreId, sequence);
    }

    /**
     * A record that may be entered as history ({@code "history": true} in the body): then it must have taken
     * effect before the cadre's registration, and its events are marked as history; otherwise it must not.
     */
    private CommandResult send(String cadreId, boolean history, LocalDate effectiveDate, String recordId,
            Supplier<HistoryFact> fact) {
        return send(cadreId, effectiveDate, recordId,
                history ? () -> new EnterHistory(cadreId, fact.get()) : fact::get);
    }
}
