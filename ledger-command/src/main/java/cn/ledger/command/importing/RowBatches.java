package cn.ledger.command.importing;

import cn.ledger.command.web.CommandSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Appends a run of import rows in one database transaction. A unit of work holding the transaction is started on
 * the calling thread, and each row's command is handled inside it, one after another, in a unit of work of its own
 * nested in that one (the command bus handles a command on the thread that sends it): the commands' events, their
 * rows' keys ({@link ImportedRows}) and the directory's rows are committed together, or not at all. Each command
 * is judged as it would be alone — after the ones before it, on its stream as they left it — and the streams'
 * aggregates stay locked until the run ends, so nothing else writes to them meanwhile. Nothing is retried here: a
 * command refused, or a run whose commit fails, rolls the whole run back (the cached aggregates it touched with
 * it), and the caller appends those rows otherwise.
 *
 * <p>A command of a run carries the run's id as metadata, and a handler interceptor refuses it unless it is
 * handled inside that run's unit of work: were the command bus ever to handle a command elsewhere (on a thread of
 * its own), the run is refused rather than committed in parts.
 */
@Component
class RowBatches {

    static final String RUN = "importRun";

    private final CommandBus commandBus;
    private final TransactionManager transactions;
    private final ConnectionProvider connections;
    private final MeterRegistry meters;

    RowBatches(CommandBus commandBus, TransactionManager transactions, ConnectionProvider connections,
            MeterRegistry meters) {
        this.commandBus = commandBus;
        this.transactions = transactions;
        this.connections = connections;
        this.meters = meters;
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object run = unitOfWork.getMessage().getMetaData().get(RUN);
            if (run != null && (unitOfWork.isRoot() || !run.equals(unitOfWork.root().getMessage().getPayload()))) {
                throw new IllegalStateException("a command of an import run was handled outside the run");
            }
            return chain.proceed();
        });
    }

    /** How a run went. */
    sealed interface Outcome {}

    /** Every command was handled and the transaction committed. */
    record Appended() implements Outcome {}

    /** The command at {@code index} failed: nothing of the run was appended. */
    record Refused(int index, RuntimeException failure) implements Outcome {}

    /** Every command was handled but the commit failed (a concurrent change of a stream, say): nothing was appended. */
    record NotCommitted(RuntimeException failure) implements Outcome {}

    /** Handles the commands, each with its metadata, in one transaction. */
    Outcome append(List<Object> commands, List<Map<String, Object>> metadata) {
        String run = "import-run-" + UUID.randomUUID();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>(run));
        try {
            unitOfWork.attachTransaction(transactions);
            // the run's connection is taken while the run's unit of work is the current one, so that it is committed
            // with the run: taken first by a nested unit of work, it would be committed when that one is
            connection();
            for (int i = 0; i < commands.size(); i++) {
                CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(commands.get(i))
                        .andMetaData(metadata.get(i)).andMetaData(Map.of(RUN, run));
                FutureCallback<Object, Object> callback = new FutureCallback<>();
                try {
                    commandBus.dispatch(message, callback);
                } catch (RuntimeException e) {
                    unitOfWork.rollback(e);
                    return new Refused(i, e);
                }
                if (!callback.isDone()) {
                    IllegalStateException e = new IllegalStateException("the command bus did not handle the command "
                            + "on the sending thread");
                    unitOfWork.rollback(e);
                    return new Refused(i, e);
                }
                CommandResultMessage<?> result = callback.getResult();
                if (result.isExceptional()) {
                    RuntimeException e = result.exceptionResult() instanceof RuntimeException r ? r
                            : new IllegalStateException(result.exceptionResult());
                    unitOfWork.rollback(e);
                    return new Refused(i, e);
                }
            }
            try {
                unitOfWork.commit();
            } catch (RuntimeException e) {
                return new NotCommitted(e);
            }
            for (Object command : commands) {
                Counter.builder(CommandSender.METRIC)
                        .description("Commands handled, by type and outcome (ok, rejected, conflict, unavailable, error)")
                        .tag("type", command.getClass().getSimpleName()).tag("outcome", "ok")
                        .register(meters).increment();
            }
            return new Appended();
        } catch (RuntimeException e) {
            if (unitOfWork.phase() == UnitOfWork.Phase.STARTED) {
                unitOfWork.rollback(e);
            }
            return new NotCommitted(e);
        } finally {
            if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() == unitOfWork) {
                CurrentUnitOfWork.clear(unitOfWork);
            }
        }
    }

    private void connection() {
        try {
            Connection connection = connections.getConnection();
            connection.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException("no connection for the import run", e);
        }
    }
}
