package cn.ledger.bench.peer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import cn.ledger.bench.peer.CardMessages.CardIssued;
import cn.ledger.bench.peer.CardMessages.CardRedeemed;
import cn.ledger.bench.peer.CardMessages.IssueCard;
import cn.ledger.bench.peer.CardMessages.RedeemCard;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** The peer's one aggregate: validate in the command handler, change state only from events. */
@Aggregate
public class Card {

    @AggregateIdentifier
    private String cardId;
    private long balance;

    protected Card() {}

    @CommandHandler
    public Card(IssueCard command) {
        if (command.amount() <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        apply(new CardIssued(command.cardId(), command.amount()));
    }

    @CommandHandler
    public long handle(RedeemCard command) {
        if (command.amount() <= 0 || command.amount() > balance) {
            throw new IllegalArgumentException("amount must be positive and at most the balance " + balance);
        }
        apply(new CardRedeemed(cardId, command.redemptionId(), command.amount(), command.note()));
        return balance;
    }

    @EventSourcingHandler
    void on(CardIssued event) {
        cardId = event.cardId();
        balance = event.amount();
    }

    @EventSourcingHandler
    void on(CardRedeemed event) {
        balance -= event.amount();
    }
}
