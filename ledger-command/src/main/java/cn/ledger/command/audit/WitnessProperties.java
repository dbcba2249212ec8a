package cn.ledger.command.audit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The witnesses each new checkpoint is submitted to (C2SP tlog-witness).
 *
 * @param witnesses       the witnesses: name, add-checkpoint URL prefix and cosignature verifier key each
 * @param witnessTimeout  the longest one call to a witness may take (connecting included)
 * @param witnessInterval how often the newest checkpoint is offered again to the witnesses that have not
 *                        cosigned it (each new checkpoint is offered at once)
 */
@ConfigurationProperties("ledger.audit")
public record WitnessProperties(@DefaultValue List<Endpoint> witnesses, @DefaultValue("5s") Duration witnessTimeout,
        @DefaultValue("30s") Duration witnessInterval) {

    /**
     * @param name        what logs and metrics call the witness
     * @param url         the witness's submission prefix: add-checkpoint is POSTed to {@code <url>/add-checkpoint}
     * @param verifierKey the witness's cosignature/v1 verifier key, {@code <name>+<key id>+base64(0x04‖key)}
     */
    public record Endpoint(String name, URI url, String verifierKey) {}
}
