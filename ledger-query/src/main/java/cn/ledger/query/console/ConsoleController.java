package cn.ledger.query.console;

import cn.ledger.security.LedgerSecurityProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web console for reviewers and auditors is static files under {@code /console/} (no data in them);
 * this tells it where the browser reaches the other two services and how callers sign in.
 */
@RestController
@Tag(name = "console", description = "The web console's settings (public, no data)")
public class ConsoleController {

    public record ConsoleConfig(String commandUrl, String rankingUrl, String securityMode) {}

    private final String commandUrl;
    private final String rankingUrl;
    private final LedgerSecurityProperties security;

    public ConsoleController(@Value("${ledger.console.command-url:http://127.0.0.1:8081}") String commandUrl,
            @Value("${ledger.console.ranking-url:http://127.0.0.1:8083}") String rankingUrl,
            LedgerSecurityProperties security) {
        this.commandUrl = strip(commandUrl);
        this.rankingUrl = strip(rankingUrl);
        this.security = security;
    }

    @GetMapping("/console/config.json")
    @Operation(summary = "Where the console's browser reaches ledger-command and ranking-projector, and the "
            + "security mode (local: demo users; jwt: a pasted bearer token)")
    public ResponseEntity<ConsoleConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new ConsoleConfig(commandUrl, rankingUrl, security.mode().name().toLowerCase(Locale.ROOT)));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
