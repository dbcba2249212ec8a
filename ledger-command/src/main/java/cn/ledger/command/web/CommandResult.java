package cn.ledger.command.web;

/**
 * What a command answers: the id of the record it created and the position of the new event in
 * its stream.
 */
public record CommandResult(String id, String streamId, long sequenceNumber) {}
