package cn.ledger.security.web;

import java.util.List;

/**
 * Whether a text meant for a client names code: a package, a class, an exception, a method signature.
 * Problem details are written for the caller; what the code was doing goes to the log.
 */
public final class SafeText {

    /** What no answer may contain. */
    public static final List<String> CODE_MARKERS = List.of("cn.ledger", "java.", "jakarta.", "tools.jackson",
            "com.fasterxml", "org.springframework", "org.axonframework", "Exception", "public ");

    private SafeText() {}

    public static boolean isSafe(String text) {
        if (text == null) {
            return true;
        }
        for (String marker : CODE_MARKERS) {
            if (text.contains(marker)) {
                return false;
            }
        }
        return true;
    }

    /** The text, or {@code otherwise} when it names code. */
    public static String or(String text, String otherwise) {
        return isSafe(text) ? text : otherwise;
    }
}
