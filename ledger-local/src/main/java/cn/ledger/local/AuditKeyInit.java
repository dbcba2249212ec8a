package cn.ledger.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The compose file's one-shot {@code audit-key} step: writes a new Ed25519 checkpoint signing key (base64
 * PKCS#8, what {@code LEDGER_AUDIT_SIGNING_KEY_FILE} holds) into the given file if, and only if, the file
 * does not exist, owner-only, linked under its name only once complete. Recreating the containers never
 * makes a new key: the file lives on a volume. Needs nothing but the JDK.
 */
public final class AuditKeyInit {

    private AuditKeyInit() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 1) {
            System.err.println("usage: AuditKeyInit <key file>");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        System.out.println(ensure(file) ? "generated the checkpoint signing key in " + file
                : "the checkpoint signing key in " + file + " is kept");
    }

    /** True when a key was written, false when the file was there already. */
    static boolean ensure(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        String key = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        Path temp = Files.createTempFile(file.getParent(), ".audit-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, key);
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
