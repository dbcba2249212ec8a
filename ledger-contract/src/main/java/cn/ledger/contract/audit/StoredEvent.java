package cn.ledger.contract.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An event as the event store holds it, byte for byte, and its leaf in the Merkle log.
 *
 * <p>The leaf is {@code "ledger-leaf/v1"} followed by every stored column in this order, each as a
 * 4-byte big-endian length and its bytes (UTF-8 for text, the decimal digits for the sequence number,
 * length {@code 0xFFFFFFFF} and no bytes for a null): event identifier, aggregate identifier, sequence
 * number, aggregate type, timestamp, payload type, payload revision, payload, metadata. Any change to
 * any of them changes the leaf hash.
 */
public record StoredEvent(String eventId, String aggregateId, long sequence, String aggregateType, String timestamp,
        String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {

    static final byte[] DOMAIN = "ledger-leaf/v1".getBytes(StandardCharsets.UTF_8);

    public byte[] leaf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        field(out, text(eventId));
        field(out, text(aggregateId));
        field(out, text(Long.toString(sequence)));
        field(out, text(aggregateType));
        field(out, text(timestamp));
        field(out, text(payloadType));
        field(out, text(payloadRevision));
        field(out, payload);
        field(out, metaData);
        return out.toByteArray();
    }

    /** The stored event a leaf holds (the inverse of {@link #leaf()}); an exception when it is not one. */
    public static StoredEvent fromLeaf(byte[] leaf) {
        ByteBuffer in = ByteBuffer.wrap(leaf);
        byte[] domain = new byte[DOMAIN.length];
        if (leaf.length < DOMAIN.length || !java.util.Arrays.equals(read(in, domain), DOMAIN)) {
            throw new IllegalArgumentException("not a ledger-leaf/v1 leaf");
        }
        try {
            String eventId = string(in);
            String aggregateId = string(in);
            long sequence = Long.parseLong(string(in));
            StoredEvent event = new StoredEvent(eventId, aggregateId, sequence, string(in), string(in), string(in),
                    string(in), bytes(in), bytes(in));
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("bytes after the leaf's last field");
            }
            return event;
        } catch (java.nio.BufferUnderflowException | NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("a leaf cut short or malformed", e);
        }
    }

    private static byte[] read(ByteBuffer in, byte[] into) {
        in.get(into);
        return into;
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a field of " + length + " bytes with " + in.remaining() + " left");
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    private static String string(ByteBuffer in) {
        byte[] value = bytes(in);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    public byte[] leafHash() {
        return MerkleTree.leafHash(leaf());
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }
}
