package cn.ledger.command.web;

import cn.ledger.command.config.AxonStorageConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends a command with the caller's identity and the request's correlation id as metadata. */
@Component
public class CommandSender {

    private final CommandGateway gateway;

    public CommandSender(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public <R> R send(Object command, HttpServletRequest request) {
        Map<String, Object> metadata = Map.of(
                AxonStorageConfig.RECORDED_BY, request.getAttribute(RequestIdentity.USER_ATTRIBUTE),
                AxonStorageConfig.CORRELATION_ID, request.getAttribute(RequestIdentity.CORRELATION_ATTRIBUTE));
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
