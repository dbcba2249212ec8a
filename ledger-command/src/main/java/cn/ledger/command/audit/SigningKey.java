package cn.ledger.command.audit;

import cn.ledger.contract.audit.Checkpoint;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs checkpoints. It comes from configuration: {@code LEDGER_AUDIT_SIGNING_KEY}
 * (base64 PKCS#8) or {@code LEDGER_AUDIT_SIGNING_KEY_FILE} (a file holding the same). Without either,
 * the service refuses to start — except in local mode ({@code ledger.security.mode=local}: local runs
 * and tests), where a key is generated once into {@code ledger.audit.generated-key-file} (by default
 * {@code .ledger-local/audit-signing-key.pk8}), readable by its owner only, and reused from there.
 */
@Component
public class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    /** Where local mode keeps its generated key when no file is named (relative to the working directory). */
    static final String DEFAULT_GENERATED_FILE = ".ledger-local/audit-signing-key.pk8";

    private static final java.util.Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public SigningKey(@Value("${ledger.audit.signing-key:}") String configured,
            @Value("${ledger.audit.signing-key-file:}") String configuredFile,
            @Value("${ledger.security.mode:jwt}") String securityMode,
            @Value("${ledger.audit.generated-key-file:}") String generated)
            throws IOException, GeneralSecurityException {
        String base64 = keyMaterial(configured, configuredFile, "local".equalsIgnoreCase(securityMode.trim()),
                generated == null || generated.isBlank() ? Path.of(DEFAULT_GENERATED_FILE) : Path.of(generated));
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        this.publicKey = cn.ledger.contract.audit.Ed25519Keys.publicKey(privateKey);
        Checkpoint probe = Checkpoint.sign(0, new byte[32], java.time.Instant.EPOCH, keyId(), privateKey);
        if (!probe.verify(publicKeyBase64())) {
            throw new GeneralSecurityException("the checkpoint signing key does not verify with its public key");
        }
    }

    /**
     * The key (base64 PKCS#8): configured, read from the configured file, or — in local mode only —
     * generated into {@code generated} (owner-only) once and read from there afterwards.
     */
    static String keyMaterial(String configured, String configuredFile, boolean localMode, Path generated)
            throws IOException, GeneralSecurityException {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (configuredFile != null && !configuredFile.isBlank()) {
            return Files.readString(Path.of(configuredFile)).trim();
        }
        if (!localMode) {
            throw new IllegalStateException("No checkpoint signing key is configured: set LEDGER_AUDIT_SIGNING_KEY "
                    + "(base64 PKCS#8 Ed25519) or LEDGER_AUDIT_SIGNING_KEY_FILE (a file holding it). Only "
                    + "ledger.security.mode=local generates one (into .ledger-local/, for local runs and tests).");
        }
        if (!Files.exists(generated)) {
            generate(generated);
            log.warn("Local mode, no checkpoint signing key configured (LEDGER_AUDIT_SIGNING_KEY): generated one in {}",
                    generated);
        } else {
            log.warn("Local mode, no checkpoint signing key configured (LEDGER_AUDIT_SIGNING_KEY): using {}", generated);
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(generated))) {
                log.warn("{} was readable by others: made owner-only", generated);
                Files.setPosixFilePermissions(generated, OWNER_ONLY);
            }
        }
        return Files.readString(generated).trim();
    }

    /**
     * Writes a new key into a file that is created owner-only (never readable by others, not even before
     * its permissions could be changed) and only then linked under its name, so that a reader never sees
     * a half-written key; when another process linked its key first, that one stays.
     */
    private static void generate(Path file) throws IOException, GeneralSecurityException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path temp = Files.createTempFile(directory, ".audit-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // another process made the key first: use that one
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key's X.509 (SubjectPublicKeyInfo) bytes in base64. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The raw 32-byte Ed25519 public key (what signed notes name). */
    public byte[] rawPublicKey() {
        return cn.ledger.contract.audit.SignedNote.rawKey(publicKey.getEncoded());
    }

    public String keyId() {
        return Checkpoint.keyId(publicKey.getEncoded());
    }
}
