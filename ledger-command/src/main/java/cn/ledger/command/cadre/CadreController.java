package cn.ledger.command.cadre;

import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RecordInterview;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.web.CommandResult;
import cn.ledger.command.web.CommandSender;
import cn.ledger.command.web.RequestRules;
import cn.ledger.contract.InterviewKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
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

    public record RegisterCadreRequest(
            @Pattern(regexp = ID) String cadreId,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = ID) String unitId,
            @NotBlank @Size(max = 100) String post,
            @NotBlank @Size(max = 50) String postLevel,
            @NotNull LocalDate postSince,
            @NotBlank @Size(max = 50) String rank,
            @NotNull LocalDate rankSince,
            @NotNull LocalDate workStartDate,
            @Min(0) @Max(60) int grassrootsYears,
            @Size(max = 50) String education,
            @NotNull LocalDate effectiveDate) {}

    public record RecordEntryRequest(
            @NotNull Polarity polarity,
            @NotBlank @Size(max = 100) String aspect,
            @NotNull @DecimalMin("0") BigDecimal points,
            @NotBlank @Size(max = 2000) String summary,
            @Size(max = 50) List<@NotBlank @Size(max = 500) String> evidence,
            @NotNull LocalDate effectiveDate) {}

    public record RecordInterviewRequest(
            @NotNull InterviewKind kind,
            @NotBlank @Size(max = 100) String interviewer,
            @NotBlank @Size(max = 2000) String reason,
            @NotNull LocalDate effectiveDate) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a cadre with their master data")
    public CommandResult register(@Valid @RequestBody RegisterCadreRequest body, HttpServletRequest request) {
        rules.effectiveNotInFuture(body.effectiveDate());
        rules.unitExists("unitId", body.unitId());
        String cadreId = RequestRules.idOrNew(body.cadreId());
        sender.send(new RegisterCadre(cadreId, body.name(), body.unitId(), body.post(), body.postLevel(),
                body.postSince(), body.rank(), body.rankSince(), body.workStartDate(), body.grassrootsYears(),
                body.education(), body.effectiveDate()), request);
        return new CommandResult(cadreId, cadreId, 0);
    }

    @PostMapping("/{cadreId}/entries")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record a positive (正向) or negative (负向) entry")
    public CommandResult recordEntry(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody RecordEntryRequest body, HttpServletRequest request) {
        rules.cadreExists(cadreId);
        rules.effectiveNotInFuture(body.effectiveDate());
        rules.aspectConfigured(body.aspect());
        rules.pointsInRange(body.points());
        String entryId = RequestRules.idOrNew(null);
        long sequence = sender.send(new RecordEntry(cadreId, entryId, body.polarity(), body.aspect(), body.points(),
                body.summary(), body.evidence(), body.effectiveDate()), request);
        return new CommandResult(entryId, cadreId, sequence);
    }

    @PostMapping("/{cadreId}/interviews")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an interview (提醒谈话, 约谈 or 诫勉谈话)")
    public CommandResult recordInterview(@PathVariable @Pattern(regexp = ID) String cadreId,
            @Valid @RequestBody RecordInterviewRequest body, HttpServletRequest request) {
        rules.cadreExists(cadreId);
        rules.effectiveNotInFuture(body.effectiveDate());
        String interviewId = RequestRules.idOrNew(null);
        long sequence = sender.send(new RecordInterview(cadreId, interviewId, body.kind(), body.interviewer(),
                body.reason(), body.effectiveDate()), request);
        return new CommandResult(interviewId, cadreId, sequence);
    }
}
