package cn.ledger.contract;

/** A record on the topic that this version of the contract cannot turn into an event. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
