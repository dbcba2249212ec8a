package cn.ledger.contract.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP signed note (https://c2sp.org/signed-note) with one Ed25519 signature: the text (ending in a
 * newline), an empty line, and {@code — <key name> base64(key hash ‖ signature)}. The key hash is the
 * first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key); the verifier key is written
 * {@code <name>+<key hash, 8 hex digits>+base64(0x01 ‖ public key)}, as Go's
 * {@code golang.org/x/mod/sumdb/note} reads it.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String DASH = "\u2014 ";

    private SignedNote() {}

    /** The raw 32-byte Ed25519 public key of an X.509-encoded one. */
    public static byte[] rawKey(byte[] x509) {
        if (x509.length != X509_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(x509, X509_PREFIX.length), X509_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(x509, X509_PREFIX.length, x509.length);
    }

    /** Whether a key name is one signed-note allows: not empty, no white space, no '+'. */
    public static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '+');
    }

    public static byte[] keyHash(String name, byte[] rawKey) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(nameBytes.length + 2 + rawKey.length);
        input.put(nameBytes).put((byte) '\n').put(ED25519).put(rawKey);
        return Arrays.copyOf(MerkleTree.sha256(input.array()), 4);
    }

    /** The verifier key, {@code name+keyhash+base64(0x01‖key)}. */
    public static String verifierKey(String name, byte[] rawKey) {
        byte[] typed = new byte[rawKey.length + 1];
        typed[0] = ED25519;
        System.arraycopy(rawKey, 0, typed, 1, rawKey.length);
        return name + "+" + HexFormat.of().formatHex(keyHash(name, rawKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** The note of {@code text} (ending in a newline) signed by {@code name}'s key. */
    public static String sign(String text, String name, byte[] rawKey, PrivateKey key) {
        if (!text.endsWith("\n") || !validName(name)) {
            throw new IllegalArgumentException("a note's text ends in a newline and its key name is a valid name");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            byte[] hashAndSignature = ByteBuffer.allocate(4 + signature.length).put(keyHash(name, rawKey))
                    .put(signature).array();
            return text + "\n" + DASH + name + " " + Base64.getEncoder().encodeToString(hashAndSignature) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a note", e);
        }
    }

    /** The text of a note when it carries a valid signature by the verifier key's owner; empty otherwise. */
    public static Optional<String> open(String note, String verifierKey) {
        try {
            String[] key = verifierKey.trim().split("\\+", 3);
            if (key.length != 3 || !validName(key[0])) {
                return Optional.empty();
            }
            byte[] typed = Base64.getDecoder().decode(key[2]);
            if (typed.length != 33 || typed[0] != ED25519) {
                return Optional.empty();
            }
            byte[] raw = Arrays.copyOfRange(typed, 1, typed.length);
            byte[] hash = keyHash(key[0], raw);
            if (!HexFormat.of().formatHex(hash).equals(key[1])) {
                return Optional.empty();
            }
            int split = note.lastIndexOf("\n\n");
            if (split < 0) {
                return Optional.empty();
            }
            String text = note.substring(0, split + 1);
            List<String> lines = note.substring(split + 2).lines().toList();
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    ByteBuffer.allocate(X509_PREFIX.length + 32).put(X509_PREFIX).put(raw).array()));
            for (String line : lines) {
                if (!line.startsWith(DASH + key[0] + " ")) {
                    continue;
                }
                byte[] sig = Base64.getDecoder().decode(line.substring((DASH + key[0] + " ").length()));
                if (sig.length != 68 || !Arrays.equals(Arrays.copyOf(sig, 4), hash)) {
                    continue;
                }
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(publicKey);
                verifier.update(text.getBytes(StandardCharsets.UTF_8));
                if (verifier.verify(Arrays.copyOfRange(sig, 4, sig.length))) {
                    return Optional.of(text);
                }
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
