package cn.ledger.bench.peer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The peer's messages: a card is issued with a balance, then redeemed a little at a time. */
public final class CardMessages {

    private CardMessages() {}

    public record IssueCard(@TargetAggregateIdentifier String cardId, long amount) {}

    public record RedeemCard(@TargetAggregateIdentifier String cardId, String redemptionId, long amount, String note) {}

    public record CardIssued(String cardId, long amount) {}

    public record CardRedeemed(String cardId, String redemptionId, long amount, String note) {}
}
