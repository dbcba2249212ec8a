package cn.ledger.command.audit;

import cn.ledger.contract.audit.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs checkpoints. In production it comes from configuration:
 * {@code LEDGER_AUDIT_SIGNING_KEY} (base64 PKCS#8) or {@code LEDGER_AUDIT_SIGNING_KEY_FILE} (a file
 * holding the same). Without either, a key is generated once into {@code ledger.audit.generated-key-file}
 * and reused from there (for the local run and tests; the file is outside the repository).
 */
@Component
public class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public SigningKey(@Value("${ledger.audit.signing-key:}") String configured,
            @Value("${ledger.audit.signing-key-file:}") String configuredFile,
            @Value("${ledger.audit.generated-key-file:${java.io.tmpdir}/ledger-audit-signing-key.pk8}") String generated)
            throws IOException, GeneralSecurityException {
        String base64 = configured;
        if (base64.isBlank() && !configuredFile.isBlank()) {
            base64 = Files.readString(Path.of(configuredFile)).trim();
        }
        if (base64.isBlank()) {
            Path file = Path.of(generated);
            if (!Files.exists(file)) {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                log.warn("No checkpoint signing key configured (LEDGER_AUDIT_SIGNING_KEY): generated one in {}", file);
            } else {
                log.warn("No checkpoint signing key configured (LEDGER_AUDIT_SIGNING_KEY): using the generated one in {}",
                        file);
            }
            base64 = Files.readString(file).trim();
        }
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        this.privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        this.publicKey = derivePublic((EdECPrivateKey) privateKey);
        Checkpoint probe = Checkpoint.sign(0, new byte[32], java.time.Instant.EPOCH, keyId(), privateKey);
        if (!probe.verify(publicKeyBase64())) {
            throw new GeneralSecurityException("the checkpoint signing key does not verify with its public key");
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key's X.509 (SubjectPublicKeyInfo) bytes in base64. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String keyId() {
        return Checkpoint.keyId(publicKey.getEncoded());
    }

    /** Ed25519's public key from its private key: sign nothing, just derive it through a throwaway pair check. */
    private static PublicKey derivePublic(EdECPrivateKey key) throws GeneralSecurityException {
        byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("the signing key has no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(java.security.spec.NamedParameterSpec.ED25519, new FixedSeed(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!java.util.Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("cannot derive the public key of the signing key");
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
    }

    /** A random source that yields the key's seed, so the generator rebuilds the same key pair. */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
