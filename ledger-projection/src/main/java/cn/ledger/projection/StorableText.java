package cn.ledger.projection;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.LedgerEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text as a read model can store it.
 *
 * <p>The event store keeps an event's payload as bytes, so it accepts any Java string; PostgreSQL's
 * {@code text} and {@code jsonb} do not: they refuse U+0000 (and {@code jsonb} the escape {@code \u0000}),
 * and {@code jsonb} refuses an unpaired UTF-16 surrogate ({@code \ud800}), which in {@code text} pgjdbc
 * silently turns into {@code ?}. Events with such text were accepted by the ledger (and are in
 * installations today), and a projector must apply what the ledger accepted: parking such an event would
 * park every later event of its stream too, and a sanction recorded after it would be missing from every
 * answer.
 *
 * <p>So before a projection sees an event, each code unit PostgreSQL cannot store — U+0000 and every
 * surrogate without its partner — is replaced by U+FFFD (the Unicode replacement character, the standard
 * mark for "a character was here that could not be represented"), in every string of the payload and
 * of the envelope. The replacement is deterministic, so a rebuild gives the same read model; it never
 * touches well-formed text (surrogate pairs stay), so nearly every event passes through unchanged and
 * without a copy. A read model that shows a payload keeps the original bytes beside the cleaned copy
 * (ledger-query's {@code ledger_record.payload_original}), so nothing the ledger recorded is lost to a
 * reader; the event store, which the audit log hashes, is never touched.
 */
public final class StorableText {

    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /** Whether PostgreSQL stores this text as it is. */
    public static boolean storable(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The text with U+0000 and every unpaired surrogate replaced by U+FFFD; the same text when storable. */
    public static String clean(String text) {
        if (storable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whether a record value (an event's JSON as published) may hold text PostgreSQL cannot store: only a
     * {@code \\u} escape, a NUL byte or the lead byte of an encoded surrogate (0xED) can bring one in. A quick
     * test that lets nearly every event skip the closer look.
     */
    static boolean mayHoldUnstorable(byte[] json) {
        if (json == null) {
            return false;
        }
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (b == 0 || b == (byte) 0xED || (b == '\\' && i + 1 < json.length && json[i + 1] == 'u')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The envelope with every string of its event and of its attributes storable: the same envelope when
     * nothing needs replacing (the common case), else a copy read back from the cleaned JSON.
     */
    public static LedgerEnvelope storable(LedgerEnvelope envelope, byte[] recordValue) {
        boolean attributes = storable(envelope.eventId()) && storable(envelope.aggregateType())
                && storable(envelope.subject()) && storable(envelope.recordedBy())
                && storable(envelope.correlationId());
        LedgerEvent event = envelope.event();
        if (recordValue == null || mayHoldUnstorable(recordValue)) {
            JsonNode tree = EventCodec.mapper().valueToTree(event);
            JsonNode cleaned = cleanTree(tree);
            if (cleaned != tree) {
                try {
                    event = EventCodec.mapper().treeToValue(cleaned, event.getClass());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read back the cleaned " + envelope.type(), e);
                }
            }
        }
        if (attributes && event == envelope.event()) {
            return envelope;
        }
        return new LedgerEnvelope(clean(envelope.eventId()), clean(envelope.aggregateType()),
                clean(envelope.subject()), envelope.sequence(), envelope.recordedAt(), clean(envelope.recordedBy()),
                clean(envelope.correlationId()), event);
    }

    /** The tree itself when all its text (field names included) is storable, else a cleaned copy. */
    static JsonNode cleanTree(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return storable(text) ? node : TextNode.valueOf(clean(text));
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>(node.size());
            boolean changed = false;
            for (JsonNode item : node) {
                JsonNode cleaned = cleanTree(item);
                changed |= cleaned != item;
                items.add(cleaned);
            }
            if (!changed) {
                return node;
            }
            ArrayNode copy = EventCodec.mapper().createArrayNode();
            copy.addAll(items);
            return copy;
        }
        if (node.isObject()) {
            boolean changed = false;
            ObjectNode copy = EventCodec.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode cleaned = cleanTree(field.getValue());
                String name = clean(field.getKey());
                changed |= cleaned != field.getValue() || !name.equals(field.getKey());
                copy.set(name, cleaned);
            }
            return changed ? copy : node;
        }
        return node;
    }
}
