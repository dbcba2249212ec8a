package cn.ledger.security.web;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The one way every list of the ledger is paged: {@code ?limit=N} (capped per list) and {@code ?cursor=C},
 * where C is the {@code next} of the page before (absent for the first page). An answer carries
 * {@code next} — the cursor of the following page, or null on the last — and, when there is one, a
 * {@code Link: <…>; rel="next"} header with the whole address of that page. A cursor is opaque: it
 * names its list and a position in it — a number, or for a list in the order of its ids, the last id of the
 * page before — and a cursor of another list, or an altered one, is a 400 naming {@code cursor}.
 */
public final class Cursor {

    public static final String PARAM = "cursor";
    public static final String LIMIT = "limit";

    private static final Pattern DECODED = Pattern.compile("([a-z-]{1,32}):(\\d{1,19})");
    private static final Pattern DECODED_KEY = Pattern.compile("([a-z-]{1,32})=(.{1,64})", Pattern.DOTALL);
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private Cursor() {}

    /** The cursor of position {@code position} (not negative) in the list named {@code list}. */
    public static String of(String list, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("a cursor's position is not negative");
        }
        return ENCODE.encodeToString((list + ":" + position).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The position {@code cursor} names in {@code list}; {@code start} when no cursor is given.
     *
     * @throws RequestParams.Invalid when the cursor is not one this list handed out
     */
    public static long position(String list, String cursor, long start) {
        if (cursor == null) {
            return start;
        }
        if (cursor.isEmpty() || cursor.length() > 80) {
            throw invalid();
        }
        String decoded;
        try {
            decoded = new String(DECODE.decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        Matcher m = DECODED.matcher(decoded);
        if (!m.matches() || !m.group(1).equals(list)) {
            throw invalid();
        }
        try {
            return Long.parseLong(m.group(2));
        } catch (NumberFormatException beyondALong) {
            throw invalid();
        }
    }

    /**
     * The cursor of a list kept in the order of its ids (a stable order, the same after a rebuild of the read
     * model it is read from), whose page before ended at {@code key} (1 to 64 characters).
     */
    public static String of(String list, String key) {
        if (key == null || key.isEmpty() || key.codePointCount(0, key.length()) > 64) {
            throw new IllegalArgumentException("a cursor's key is 1 to 64 characters");
        }
        return ENCODE.encodeToString((list + "=" + key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key {@code cursor} names in {@code list}, a list in the order of its ids: the page goes on after it;
     * null when no cursor is given (the first page).
     *
     * @throws RequestParams.Invalid when the cursor is not one this list handed out
     */
    public static String key(String list, String cursor) {
        if (cursor == null) {
            return null;
        }
        if (cursor.isEmpty() || cursor.length() > 400) {
            throw invalid();
        }
        String decoded;
        try {
            byte[] bytes = DECODE.decode(cursor);
            decoded = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException notACursor) {
            throw invalid();
        }
        Matcher m = DECODED_KEY.matcher(decoded);
        if (!m.matches() || !m.group(1).equals(list) || m.group(2).codePointCount(0, m.group(2).length()) > 64) {
            throw invalid();
        }
        return m.group(2);
    }

    /**
     * The start position of a list that also takes a deprecated parameter of its own ({@code from},
     * {@code fromSequence}, {@code page}, …) converted to a position: the cursor when given, else the
     * old parameter's position, else {@code start}; both at once is a 400.
     */
    public static long position(String list, String cursor, String oldName, Long oldPosition, long start) {
        if (cursor != null && oldPosition != null) {
            throw new RequestParams.Invalid(PARAM, "give either cursor or the older " + oldName + ", not both");
        }
        return oldPosition != null ? oldPosition : position(list, cursor, start);
    }

    /**
     * Puts the {@code Link: rel="next"} header on the answer: this request's address with {@code cursor}
     * set to {@code next} and the deprecated parameters {@code dropped} removed. Nothing when {@code next} is null.
     */
    public static void linkNext(HttpServletResponse response, String next, String... dropped) {
        if (next == null || response == null) {
            return;
        }
        UriComponentsBuilder uri = ServletUriComponentsBuilder.fromCurrentRequest();
        for (String name : dropped) {
            uri.replaceQueryParam(name);
        }
        uri.replaceQueryParam(PARAM, next);
        response.addHeader("Link", "<" + uri.build().toUriString() + ">; rel=\"next\"");
    }

    private static RequestParams.Invalid invalid() {
        return new RequestParams.Invalid(PARAM, "is not a cursor of this list: pass back the next of the page before");
    }
}
