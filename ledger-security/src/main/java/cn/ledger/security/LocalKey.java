package cn.ledger.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RSA key local tokens are signed with. Read from the configured file, or made and written there
 * when the file does not exist yet (the first service of a local run makes it; a hard link publishes
 * it whole, so a service starting at the same moment reads either nothing or the complete key). Never
 * part of the repository.
 */
public final class LocalKey {

    private LocalKey() {}

    public static RSAKey load(Path file) {
        if (file == null) {
            return generate();
        }
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(temp, generate().toJSONString());
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // another service published its key first: use that one
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return RSAKey.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the local signing key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the local signing key " + file + " is not an RSA JWK", e);
        }
    }

    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
