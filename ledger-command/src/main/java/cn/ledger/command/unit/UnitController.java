package cn.ledger.command.unit;

import cn.ledger.command.unit.UnitCommands.IssueCard;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.command.web.CommandResult;
import cn.ledger.command.web.CommandSender;
import cn.ledger.command.web.RequestRules;
import cn.ledger.contract.CardColour;
import cn.ledger.contract.UnitCategory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@org.springframework.validation.annotation.Validated
@RequestMapping("/api/v1/units")
@Tag(name = "units", description = "Units (单位) and the cards their parent issues to them")
public class UnitController {

    static final String ID = "[A-Za-z0-9._-]{1,64}";

    private final CommandSender sender;
    private final RequestRules rules;

    public UnitController(CommandSender sender, RequestRules rules) {
        this.sender = sender;
        this.rules = rules;
    }

    public record RegisterUnitRequest(
            @Pattern(regexp = ID) String unitId,
            @NotBlank @Size(max = 200) String name,
            @NotNull UnitCategory category,
            @Pattern(regexp = ID) String parentUnitId,
            @NotNull LocalDate effectiveDate) {}

    public record IssueCardRequest(
            @NotBlank @Size(max = 100) String aspect,
            @NotNull @Pattern(regexp = "\\d{4}-Q[1-4]", message = "must look like 2023-Q3") String quarter,
            @NotNull CardColour colour,
            @Pattern(regexp = ID) String issuedByUnitId,
            @NotNull LocalDate effectiveDate) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a unit under its parent")
    public CommandResult register(@Valid @RequestBody RegisterUnitRequest body, HttpServletRequest request) {
        rules.effectiveNotInFuture(body.effectiveDate());
        if (body.parentUnitId() != null) {
            rules.unitExists("parentUnitId", body.parentUnitId());
        }
        String unitId = RequestRules.idOrNew(body.unitId());
        sender.send(new RegisterUnit(unitId, body.name(), body.category(), body.parentUnitId(), body.effectiveDate()),
                request);
        return new CommandResult(unitId, unitId, 0);
    }

    @PostMapping("/{unitId}/cards")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a blue, yellow or red card (亮牌) for one aspect and quarter")
    public CommandResult issueCard(@PathVariable @Pattern(regexp = ID) String unitId,
            @Valid @RequestBody IssueCardRequest body, HttpServletRequest request) {
        rules.unitExists("unitId", unitId);
        rules.effectiveNotInFuture(body.effectiveDate());
        rules.aspectConfigured(body.aspect());
        String issuer = body.issuedByUnitId() != null ? body.issuedByUnitId() : rules.parentOf(unitId);
        if (issuer != null) {
            rules.unitExists("issuedByUnitId", issuer);
        }
        String cardId = RequestRules.idOrNew(null);
        long sequence = sender.send(new IssueCard(unitId, cardId, body.aspect(), body.quarter(), body.colour(), issuer,
                body.effectiveDate()), request);
        return new CommandResult(cardId, unitId, sequence);
    }
}
