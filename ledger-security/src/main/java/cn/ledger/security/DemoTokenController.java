package cn.ledger.security;

import cn.ledger.security.web.BadParameter;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local mode only (the bean does not exist otherwise): a token for one of the documented demo users,
 * e.g. {@code curl -s -X POST 'localhost:8081/api/v1/auth/demo-token?user=recorder-anning'}.
 */
@RestController
public class DemoTokenController {

    public static final String PATH = "/api/v1/auth/demo-token";

    private final LocalTokens tokens;

    public DemoTokenController(LocalTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(PATH)
    public ResponseEntity<Object> token(@RequestParam String user) {
        if (DemoUsers.find(user).isEmpty()) {
            throw new DemoUserUnknown(user);
        }
        return ResponseEntity.ok(Map.of("user", user, "token_type", "Bearer",
                "expires_in", tokens.lifetime().toSeconds(), "access_token", tokens.forDemoUser(user)));
    }

    /** Answered 400 problem+json naming the parameter. */
    public static final class DemoUserUnknown extends BadParameter {
        DemoUserUnknown(String user) {
            super("user", "no demo user '" + user + "'; known: " + DemoUsers.names());
        }
    }
}
