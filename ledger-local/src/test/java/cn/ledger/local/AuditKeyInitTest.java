package cn.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose file's audit-key step makes the signing key once and keeps it on every later start. */
class AuditKeyInitTest {

    @Test
    void makesAnOwnerOnlyEd25519KeyOnceAndKeepsItAfterwards(@TempDir Path volume) throws Exception {
        Path file = volume.resolve("audit-signing-key.pk8");
        assertThat(AuditKeyInit.ensure(file)).isTrue();
        String key = Files.readString(file);
        assertThat(KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key))).getAlgorithm()).isIn("EdDSA", "Ed25519");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        // the containers recreated: the step runs again and the key stays what it was
        assertThat(AuditKeyInit.ensure(file)).isFalse();
        assertThat(Files.readString(file)).isEqualTo(key);
        try (var files = Files.list(volume)) {
            assertThat(files).containsExactly(file);
        }
    }
}
