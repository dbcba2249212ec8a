package cn.ledger.command.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Axon's transactions on Spring's, as {@link SpringTransactionManager} makes them, except for a command run as a
 * member of a group ({@link GroupCommitBus}): its unit of work gets a {@code SAVEPOINT} inside the group's
 * transaction (Spring's {@code PROPAGATION_NESTED}), released when the unit of work commits and rolled back to when
 * it rolls back, so that a refused member leaves nothing and the others go on.
 */
final class GroupTransactions implements TransactionManager {

    /** Set by the leader just before it hands a member to the command bus; the member's unit of work takes it. */
    private static final ThreadLocal<Boolean> NEXT_IS_MEMBER = new ThreadLocal<>();
    /** Set while this thread runs a group: connections come from the group's transaction, as Spring binds them. */
    private static final ThreadLocal<Boolean> LEADING = new ThreadLocal<>();

    private static final TransactionDefinition NESTED =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final PlatformTransactionManager transactions;
    private final SpringTransactionManager plain;

    GroupTransactions(PlatformTransactionManager transactions) {
        this.transactions = transactions;
        this.plain = new SpringTransactionManager(transactions);
    }

    @Override
    public Transaction startTransaction() {
        if (!Boolean.TRUE.equals(NEXT_IS_MEMBER.get())) {
            return plain.startTransaction();
        }
        NEXT_IS_MEMBER.remove();
        TransactionStatus savepoint = transactions.getTransaction(NESTED);
        return new Transaction() {
            @Override
            public void commit() {
                if (!savepoint.isCompleted()) {
                    transactions.commit(savepoint);
                }
            }

            @Override
            public void rollback() {
                if (!savepoint.isCompleted()) {
                    transactions.rollback(savepoint);
                }
            }
        };
    }

    static void nextIsMember(boolean member) {
        if (member) {
            NEXT_IS_MEMBER.set(Boolean.TRUE);
        } else {
            NEXT_IS_MEMBER.remove();
        }
    }

    static void leading(boolean leading) {
        if (leading) {
            LEADING.set(Boolean.TRUE);
        } else {
            LEADING.remove();
        }
    }

    static boolean leading() {
        return Boolean.TRUE.equals(LEADING.get());
    }
}
