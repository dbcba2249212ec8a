package cn.ledger.contract.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A C2SP tlog-cosignature {@code cosignature/v1} (https://c2sp.org/tlog-cosignature): a witness's Ed25519
 * note signature on a checkpoint, timestamped. The signed message is {@code cosignature/v1\n}, {@code time
 * <seconds since the epoch>\n} and the checkpoint's note text; the signature line is
 * {@code — <witness name> base64(key id ‖ timestamp, 8 bytes big-endian ‖ Ed25519 signature)}, the key id
 * being the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key); the verifier key is
 * {@code <name>+<key id, 8 hex>+base64(0x04 ‖ public key)}.
 */
public final class Cosignature {

    /** The signature type of an Ed25519 cosignature/v1 key. */
    public static final byte ALGORITHM = 0x04;
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String DASH = "\u2014 ";

    private Cosignature() {}

    /** A cosigner's key as its verifier key names it. */
    public record Key(String name, byte[] keyId, byte[] publicKey) {

        /** The key of a verifier key {@code name+keyid+base64(0x04‖key)}; empty when it is not one. */
        public static Optional<Key> parse(String verifierKey) {
            try {
                String[] parts = verifierKey.trim().split("\\+", 3);
                if (parts.length != 3 || !SignedNote.validName(parts[0])) {
                    return Optional.empty();
                }
                byte[] typed = Base64.getDecoder().decode(parts[2]);
                if (typed.length != 33 || typed[0] != ALGORITHM) {
                    return Optional.empty();
                }
                byte[] raw = Arrays.copyOfRange(typed, 1, typed.length);
                byte[] id = Cosignature.keyId(parts[0], raw);
                return HexFormat.of().formatHex(id).equals(parts[1]) ? Optional.of(new Key(parts[0], id, raw))
                        : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        public String verifierKey() {
            return Cosignature.verifierKey(name, publicKey);
        }
    }

    /** A cosignature that verified: whose, and when the witness made it (seconds since the epoch). */
    public record Verified(Key key, long timestamp, String line) {}

    public static byte[] keyId(String name, byte[] rawKey) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(nameBytes.length + 2 + rawKey.length);
        input.put(nameBytes).put((byte) '\n').put(ALGORITHM).put(rawKey);
        return Arrays.copyOf(MerkleTree.sha256(input.array()), 4);
    }

    public static String verifierKey(String name, byte[] rawKey) {
        byte[] typed = new byte[rawKey.length + 1];
        typed[0] = ALGORITHM;
        System.arraycopy(rawKey, 0, typed, 1, rawKey.length);
        return name + "+" + HexFormat.of().formatHex(keyId(name, rawKey)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The message a cosignature signs: header, time line, the checkpoint's note text. */
    static byte[] message(String checkpointText, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** The signature line (ending in a newline) of {@code name}'s cosignature of a checkpoint's note text. */
    public static String sign(String checkpointText, long timestamp, String name, byte[] rawKey, PrivateKey key) {
        if (!checkpointText.endsWith("\n") || !SignedNote.validName(name) || timestamp < 0) {
            throw new IllegalArgumentException("a checkpoint's text ends in a newline, a cosigner's name is a valid "
                    + "name and a timestamp is not negative");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message(checkpointText, timestamp));
            byte[] signature = signer.sign();
            byte[] body = ByteBuffer.allocate(4 + 8 + signature.length).put(keyId(name, rawKey)).putLong(timestamp)
                    .put(signature).array();
            return DASH + name + " " + Base64.getEncoder().encodeToString(body) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot cosign a checkpoint", e);
        }
    }

    /** The note's text: everything up to and including the newline before the empty line. */
    public static Optional<String> text(String note) {
        int split = note.indexOf("\n\n");
        return split < 0 ? Optional.empty() : Optional.of(note.substring(0, split + 1));
    }

    /** The note's signature lines (after the empty line), without their newlines. */
    public static List<String> signatureLines(String note) {
        int split = note.indexOf("\n\n");
        return split < 0 ? List.of() : note.substring(split + 2).lines().filter(l -> !l.isEmpty()).toList();
    }

    /** The cosignature of one signature line when it is one by this key on this text and verifies. */
    public static Optional<Verified> verify(String checkpointText, String line, Key key) {
        String prefix = DASH + key.name() + " ";
        String trimmed = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        if (!trimmed.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            byte[] body = Base64.getDecoder().decode(trimmed.substring(prefix.length()));
            if (body.length != 4 + 8 + 64 || !Arrays.equals(Arrays.copyOf(body, 4), key.keyId())) {
                return Optional.empty();
            }
            long timestamp = ByteBuffer.wrap(body, 4, 8).getLong();
            if (timestamp < 0) {
                return Optional.empty();
            }
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    ByteBuffer.allocate(X509_PREFIX.length + 32).put(X509_PREFIX).put(key.publicKey()).array()));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(message(checkpointText, timestamp));
            return verifier.verify(Arrays.copyOfRange(body, 12, body.length))
                    ? Optional.of(new Verified(key, timestamp, trimmed + "\n")) : Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The valid cosignatures of a note (text, empty line, signature lines) by any of these keys, one per key. */
    public static List<Verified> cosigners(String note, Collection<Key> keys) {
        Optional<String> text = text(note);
        List<Verified> found = new ArrayList<>();
        if (text.isEmpty()) {
            return found;
        }
        List<String> lines = signatureLines(note);
        for (Key key : keys) {
            lines.stream().map(line -> verify(text.get(), line, key)).flatMap(Optional::stream).findFirst()
                    .ifPresent(found::add);
        }
        return found;
    }
}
