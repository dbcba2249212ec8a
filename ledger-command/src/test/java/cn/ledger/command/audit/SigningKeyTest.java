package cn.ledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void localModeGeneratesAnOwnerOnlyKeyAndReusesItAfterARestart() throws Exception {
        Path file = dir.resolve(".ledger-local/audit-signing-key.pk8");
        SigningKey first = new SigningKey("", "", "local", file.toString());
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.toList()).as("no temporary file left behind").containsExactly(file);
        }
        SigningKey afterRestart = new SigningKey("", "", "local", file.toString());
        assertThat(afterRestart.keyId()).isEqualTo(first.keyId());
        assertThat(afterRestart.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
    }

    @Test
    void aGeneratedKeyFoundReadableByOthersIsMadeOwnerOnly() throws Exception {
        Path file = dir.resolve("audit-signing-key.pk8");
        String keyId = new SigningKey("", "", "local", file.toString()).keyId();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new SigningKey("", "", "local", file.toString()).keyId()).isEqualTo(keyId);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void outsideLocalModeRefusesToStartWithoutAConfiguredKey() {
        Path file = dir.resolve("audit-signing-key.pk8");
        for (String mode : new String[] {"jwt", ""}) {
            assertThatThrownBy(() -> new SigningKey("", " ", mode, file.toString()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("LEDGER_AUDIT_SIGNING_KEY")
                    .hasMessageContaining("LEDGER_AUDIT_SIGNING_KEY_FILE");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void outsideLocalModeUsesTheConfiguredKeyOrFile() throws Exception {
        String key = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        Path configured = Files.writeString(dir.resolve("configured.pk8"), key + "\n");
        SigningKey fromValue = new SigningKey(key, "", "jwt", "");
        SigningKey fromFile = new SigningKey("", configured.toString(), "jwt", "");
        assertThat(fromFile.keyId()).isEqualTo(fromValue.keyId());
    }
}
