package cn.ledger.bench.peer;

import cn.ledger.bench.peer.CardMessages.IssueCard;
import cn.ledger.bench.peer.CardMessages.RedeemCard;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** HTTP in front of the command gateway, nothing else: no security, no validation layer, no idempotency. */
@RestController
public class CardController {

    public record IssueRequest(String cardId, long amount) {}

    public record RedeemRequest(long amount, String note) {}

    public record Issued(String cardId) {}

    public record Redeemed(String redemptionId, long balanceBefore) {}

    private final CommandGateway commands;

    public CardController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/cards")
    @ResponseStatus(HttpStatus.CREATED)
    public Issued issue(@RequestBody IssueRequest body) {
        String id = body.cardId() == null ? UUID.randomUUID().toString() : body.cardId();
        commands.sendAndWait(new IssueCard(id, body.amount()));
        return new Issued(id);
    }

    @PostMapping("/cards/{cardId}/redemptions")
    @ResponseStatus(HttpStatus.CREATED)
    public Redeemed redeem(@PathVariable String cardId, @RequestBody RedeemRequest body) {
        String id = UUID.randomUUID().toString();
        Long balance = commands.sendAndWait(new RedeemCard(cardId, id, body.amount(), body.note()));
        return new Redeemed(id, balance);
    }

    @GetMapping("/ready")
    public String ready() {
        return "ready";
    }
}
