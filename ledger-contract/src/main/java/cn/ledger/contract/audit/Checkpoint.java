package cn.ledger.contract.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed statement of the Merkle log's size and root at a time. The signature is Ed25519 over the
 * UTF-8 bytes of {@link #signedText()}:
 * <pre>
 * ledger.events checkpoint v1
 * &lt;tree size&gt;
 * &lt;root hash, lowercase hex&gt;
 * &lt;issued at, ISO-8601 UTC&gt;
 * &lt;key id&gt;
 * </pre>
 * The key id is the first 16 hex digits of the SHA-256 of the public key's X.509 (SubjectPublicKeyInfo) bytes.
 */
public record Checkpoint(long treeSize, String rootHash, Instant issuedAt, String keyId, String signature) {

    public String signedText() {
        return signedText(treeSize, rootHash, issuedAt, keyId);
    }

    public static String signedText(long treeSize, String rootHash, Instant issuedAt, String keyId) {
        return "ledger.events checkpoint v1\n" + treeSize + "\n" + rootHash + "\n" + issuedAt + "\n" + keyId + "\n";
    }

    public static Checkpoint sign(long treeSize, byte[] root, Instant issuedAt, String keyId, PrivateKey key) {
        String text = signedText(treeSize, MerkleTree.hex(root), issuedAt, keyId);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(treeSize, MerkleTree.hex(root), issuedAt, keyId,
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Whether the signature is this checkpoint's, made with the key whose X.509 bytes are given in base64. */
    public boolean verify(String publicKeyBase64) {
        try {
            PublicKey key = publicKey(publicKeyBase64);
            if (!keyId(key.getEncoded()).equals(keyId)) {
                return false;
            }
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    public static String keyId(byte[] publicKeyX509) {
        return MerkleTree.hex(MerkleTree.sha256(publicKeyX509)).substring(0, 16);
    }
}
