package cn.ledger.command.web;

import cn.ledger.security.web.StorageUnavailable;
import cn.ledger.command.RuleViolation;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.config.AxonStorageConfig;
import cn.ledger.command.config.CommandRetries;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.security.Caller;
import cn.ledger.security.web.CorrelationId;
import cn.ledger.security.web.NotFound;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the authenticated caller's identity (the token's subject) and the request's
 * correlation id (from the request context) as metadata; both go into every event the command causes.
 *
 * <p>Counts each command once, after the gateway's own retries, in {@code ledger.commands} by its type
 * (the command's simple class name) and outcome: {@code ok}; {@code rejected} (a rule of the ledger
 * refused it, or what it names does not exist); {@code conflict} (the record exists already or the stream
 * changed under it; a registration whose id another registration took first is answered as
 * {@link AlreadyExists}); {@code unavailable} (the storage could not be reached); {@code error}.
 */
@Component
public class CommandSender {

    public static final String METRIC = "ledger.commands";

    private final CommandGateway gateway;
    private final MeterRegistry meters;

    public CommandSender(CommandGateway gateway, MeterRegistry meters) {
        this.gateway = gateway;
        this.meters = meters;
    }

    public <R> R send(Object command) {
        return send(command, Map.of());
    }

    /** Sends with {@code extra} metadata besides the caller's identity and the correlation id. */
    public <R> R send(Object command, Map<String, Object> extra) {
        Map<String, Object> metadata = new java.util.HashMap<>(IdempotentCommits.metadata());
        metadata.putAll(extra);
        metadata.put(AxonStorageConfig.RECORDED_BY, Caller.current().id());
        metadata.put(AxonStorageConfig.CORRELATION_ID, correlationId());
        String outcome = "error";
        try {
            R result = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
            outcome = "ok";
            return result;
        } catch (RuntimeException e) {
            outcome = outcome(e);
            if (CommandRetries.streamExists(e)) {
                // lost a race with another registration under the same id (the request checked it was free)
                throw new AlreadyExists(idField(command), "is taken: a unit or cadre with this id exists");
            }
            throw e;
        } finally {
            counter(command.getClass().getSimpleName(), outcome).increment();
        }
    }

    /** The request's correlation id; a new one for a command sent outside a request. */
    private static String correlationId() {
        String id = CorrelationId.current();
        return id != null ? id : java.util.UUID.randomUUID().toString();
    }

    private Counter counter(String type, String outcome) {
        return Counter.builder(METRIC)
                .description("Commands handled, by type and outcome (ok, rejected, conflict, unavailable, error)")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** The request field that names the id a creating command's stream would have. */
    static String idField(Object command) {
        if (command instanceof RegisterUnit) {
            return "unitId";
        }
        if (command instanceof RegisterCadre) {
            return "cadreId";
        }
        return "id";
    }

    static String outcome(Throwable failure) {
        if (StorageUnavailable.isCause(failure)) {
            return "unavailable";
        }
        if (CommandRetries.streamExists(failure) || failure instanceof AlreadyExists) {
            return "conflict";
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleViolation v) {
                return v.kind() == RuleViolation.Kind.CONFLICT ? "conflict" : "rejected";
            }
            if (t instanceof ConcurrencyException) {
                return "conflict";
            }
            if (t instanceof AggregateNotFoundException || t instanceof NotFound) {
                return "rejected";
            }
        }
        return "error";
    }
}
