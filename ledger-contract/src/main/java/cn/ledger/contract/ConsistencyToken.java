package cn.ledger.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a command wrote, as a client hands it back to a query to read its own writes: per stream, the
 * sequence the command's event holds. Opaque to clients ({@code v1.} and base64url of
 * {@code stream:sequence} pairs joined by {@code ,}); ledger-command issues it in every command's answer
 * and in the {@code Ledger-Consistency} header, ledger-query and ranking-projector accept it as that
 * header or the {@code consistency} parameter and wait, bounded, until their projection has applied it.
 *
 * @param positions the sequence to wait for, per stream (at most {@link #MAX_STREAMS})
 */
public record ConsistencyToken(Map<String, Long> positions) {

    /** The header a command answers it in, and a query accepts it in. */
    public static final String HEADER = "Ledger-Consistency";
    /** The query parameter a query accepts it in. */
    public static final String PARAMETER = "consistency";
    /** Streams one token may name. */
    public static final int MAX_STREAMS = 32;

    private static final String VERSION = "v1.";
    /** A stream id as the command API accepts one. */
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_LENGTH = VERSION.length() + 4 * (MAX_STREAMS * (64 + 1 + 19 + 1)) / 3 + 4;

    public ConsistencyToken {
        if (positions.isEmpty() || positions.size() > MAX_STREAMS) {
            throw new IllegalArgumentException("names " + positions.size() + " streams; 1 to " + MAX_STREAMS
                    + " are allowed");
        }
        positions.forEach((stream, sequence) -> {
            if (stream == null || !STREAM.matcher(stream).matches()) {
                throw new IllegalArgumentException("names a stream id that is not one");
            }
            if (sequence == null || sequence < 0) {
                throw new IllegalArgumentException("names a negative sequence");
            }
        });
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public static ConsistencyToken of(String stream, long sequence) {
        return new ConsistencyToken(Map.of(stream, sequence));
    }

    /** The token as a client carries it. */
    public String encode() {
        StringBuilder text = new StringBuilder();
        positions.forEach((stream, sequence) -> text.append(text.isEmpty() ? "" : ",").append(stream).append(':')
                .append(sequence));
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a token a client handed back.
     *
     * @throws IllegalArgumentException saying why, in words fit for a problem answer, when it is not one
     */
    public static ConsistencyToken decode(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        if (token.length() > MAX_LENGTH || !token.startsWith(VERSION)) {
            throw new IllegalArgumentException("is not a consistency token issued by ledger-command");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.substring(VERSION.length())),
                    StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("is not a consistency token issued by ledger-command");
        }
        Map<String, Long> positions = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            int colon = pair.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("is not a consistency token issued by ledger-command");
            }
            long sequence;
            try {
                sequence = Long.parseLong(pair.substring(colon + 1));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("is not a consistency token issued by ledger-command");
            }
            positions.merge(pair.substring(0, colon), sequence, Math::max);
        }
        return new ConsistencyToken(positions);
    }
}
