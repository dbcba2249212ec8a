package cn.ledger.command.web;

import cn.ledger.contract.ConsistencyToken;

/**
 * What a command answers: the id of the record it created, the position of the new event in its
 * stream, and the same position as a {@link ConsistencyToken} (also answered in the
 * {@code Ledger-Consistency} header) that a query accepts to wait until its read model holds the event.
 */
public record CommandResult(String id, String streamId, long sequenceNumber, String consistencyToken) {

    public CommandResult(String id, String streamId, long sequenceNumber) {
        this(id, streamId, sequenceNumber, ConsistencyToken.of(streamId, sequenceNumber).encode());
    }
}
