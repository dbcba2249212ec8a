package cn.ledger.command.web;

import cn.ledger.command.config.AxonStorageConfig;
import cn.ledger.security.Caller;
import cn.ledger.security.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Sends a command with the authenticated caller's identity (the token's subject) and the request's
 * correlation id as metadata; both go into every event the command causes.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command, HttpServletRequest request) {
        Map<String, Object> metadata = Map.of(
                AxonStorageConfig.RECORDED_BY, Caller.current().id(),
                AxonStorageConfig.CORRELATION_ID, CorrelationIdFilter.of(request));
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
