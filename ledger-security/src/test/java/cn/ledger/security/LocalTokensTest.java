package cn.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class LocalTokensTest {

    @TempDir
    Path dir;

    @Test
    void theKeyFileIsMadeOnceAndReadByEveryService() throws Exception {
        Path file = dir.resolve("keys/local-signing-key.json");
        RSAKey first = LocalKey.load(file);
        RSAKey second = LocalKey.load(file);
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.toList()).containsExactly(file);
        }
    }

    @Test
    void aDemoUsersTokenCarriesTheirRolesScopeAndIdentity() {
        LocalTokens tokens = new LocalTokens(LocalKey.load(null), Duration.ofHours(1), Clock.systemUTC());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(tokens.publicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(LocalTokens.ISSUER));

        Caller recorder = Caller.of(decoder.decode(tokens.forDemoUser("recorder-anning")));
        assertThat(recorder.id()).isEqualTo("recorder-anning");
        assertThat(recorder.roles()).containsExactly(Role.RECORDER);
        assertThat(recorder.units()).containsExactly("anning");

        Caller cadre = Caller.of(decoder.decode(tokens.forDemoUser("c-wang")));
        assertThat(cadre.isCadre("c-wang")).isTrue();
        assertThat(cadre.isCadre("c-li")).isFalse();
        assertThat(DemoUsers.names()).contains("recorder-anning", "discipline-1", "assessor-1", "reviewer-1",
                "auditor-1", "hr-system", "admin-1", "c-wang", "ranking-projector");
        assertThatThrownBy(() -> tokens.forDemoUser("nobody")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTokenFromAnotherKeyOrExpiredIsRejected() {
        LocalTokens mine = new LocalTokens(LocalKey.load(null), Duration.ofHours(1), Clock.systemUTC());
        LocalTokens other = new LocalTokens(LocalKey.load(null), Duration.ofHours(1), Clock.systemUTC());
        LocalTokens old = new LocalTokens(LocalKey.load(null), Duration.ofMinutes(1),
                Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(mine.publicKey()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(LocalTokens.ISSUER));
        assertThatThrownBy(() -> decoder.decode(other.forDemoUser("admin-1"))).isInstanceOf(JwtException.class);
        NimbusJwtDecoder oldDecoder = NimbusJwtDecoder.withPublicKey(old.publicKey()).build();
        oldDecoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(LocalTokens.ISSUER));
        assertThatThrownBy(() -> oldDecoder.decode(old.forDemoUser("admin-1"))).isInstanceOf(JwtException.class);
    }

    @Test
    void aScopeCoversItsUnitsAndEverythingBelowThem() {
        Map<String, List<String>> ancestry = Map.of("anning-peilimen", List.of("anning-peilimen", "anning", "lanzhou"),
                "anning", List.of("anning", "lanzhou"), "chengguan", List.of("chengguan", "lanzhou"));
        Caller anning = new Caller("r", java.util.Set.of(Role.RECORDER), List.of("anning"), null);
        assertThat(anning.covers("anning-peilimen", ancestry::get)).isTrue();
        assertThat(anning.covers("anning", ancestry::get)).isTrue();
        assertThat(anning.covers("chengguan", ancestry::get)).isFalse();
        assertThat(anning.covers(null, ancestry::get)).isFalse();
        Caller none = new Caller("r", java.util.Set.of(Role.RECORDER), List.of(), null);
        assertThat(none.covers("anning", ancestry::get)).isFalse();
        Caller all = new Caller("s", java.util.Set.of(Role.RANKING_SERVICE), List.of(Caller.ALL_UNITS), null);
        assertThat(all.covers("chengguan", ancestry::get)).isTrue();
    }

    @Test
    void unknownRolesAndACadreRoleWithoutACadreGrantNothing() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "none").subject("x")
                .claim(Claims.ROLES, List.of("superuser", "cadre", "reviewer")).build();
        Caller caller = Caller.of(jwt);
        assertThat(caller.roles()).containsExactly(Role.REVIEWER);
        assertThat(caller.units()).isEmpty();
    }
}
