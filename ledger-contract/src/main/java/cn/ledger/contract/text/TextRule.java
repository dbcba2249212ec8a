package cn.ledger.contract.text;

import java.text.Normalizer;
import java.util.Optional;

/**
 * The one definition of text the ledger accepts in a free-text field (a name, a reason, a summary):
 * well-formed Unicode (scalar values only, so no unpaired UTF-16 surrogate), no noncharacter
 * (U+FDD0–U+FDEF and the last two code points of every plane, U+xFFFE and U+xFFFF), no C0 or C1
 * control character (U+0000–U+001F, U+007F–U+009F, line breaks and tabs included), no bidirectional
 * embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069), normalised to NFC, and at
 * most a field's limit of code points (not UTF-16 units: 长 and 😀 count one each).
 *
 * <p>The command API applies it to every free-text field ({@link LedgerText}); the published JSON
 * Schemas state the same rule as {@link #SCHEMA_PATTERN} and {@code maxLength} (everything but NFC,
 * which a regular expression cannot express).
 */
public final class TextRule {

    /**
     * The rule as a JSON Schema {@code pattern} (ECMA-262, read with Unicode code point semantics,
     * as Java's {@link java.util.regex.Pattern} reads it too): every code point outside the excluded
     * ranges. The supplementary noncharacters are written as surrogate pairs, which both read as one
     * code point. It ends in "followed by nothing" rather than {@code $}, which in Java also matches
     * before a final line break (so "text\n" would pass), and {@code \z} is not ECMA-262.
     */
    public static final String SCHEMA_PATTERN = "^[^"
            + "\\u0000-\\u001F\\u007F-\\u009F"
            + "\\u202A-\\u202E\\u2066-\\u2069"
            + "\\uD800-\\uDFFF"
            + "\\uFDD0-\\uFDEF\\uFFFE\\uFFFF"
            + supplementaryNoncharacters()
            + "]*(?![\\s\\S])";

    private TextRule() {}

    /** What is wrong with the text under this rule and a limit of {@code max} code points, if anything. */
    public static Optional<String> problem(CharSequence text, int max) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.toString();
        int codePoints = 0;
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            int position = codePoints + 1;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                if (isNoncharacter(cp)) {
                    return Optional.of(at(position, cp, "is a noncharacter, which is not for interchange"));
                }
                i += 2;
            } else {
                if (Character.isSurrogate(c)) {
                    return Optional.of(at(position, c,
                            "is an unpaired UTF-16 surrogate, which is not a Unicode character"));
                }
                if (isControl(c)) {
                    return Optional.of(at(position, c, "is a control character"));
                }
                if (isBidiControl(c)) {
                    return Optional.of(at(position, c,
                            "is a bidirectional embedding, override or isolate control"));
                }
                if (isNoncharacter(c)) {
                    return Optional.of(at(position, c, "is a noncharacter, which is not for interchange"));
                }
                i++;
            }
            codePoints++;
        }
        if (codePoints > max) {
            return Optional.of("is " + codePoints + " characters long; at most " + max + " are allowed");
        }
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            return Optional.of("is not in Unicode normalisation form NFC");
        }
        return Optional.empty();
    }

    /** Whether the text is acceptable under this rule with a limit of {@code max} code points. */
    public static boolean accepts(CharSequence text, int max) {
        return problem(text, max).isEmpty();
    }

    /** The text in NFC, as the ledger stores it; null stays null. Malformed text is left for the rule to refuse. */
    public static String normalise(String text) {
        if (text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            return text;
        }
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    static boolean isControl(int cp) {
        return cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F);
    }

    static boolean isBidiControl(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    }

    static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    private static String at(int position, int cp, String what) {
        return String.format("has U+%04X at character %d, which %s", cp, position, what);
    }

    private static String supplementaryNoncharacters() {
        StringBuilder ranges = new StringBuilder();
        for (int plane = 1; plane <= 0x10; plane++) {
            int first = (plane << 16) | 0xFFFE;
            ranges.append(escaped(first)).append('-').append(escaped(first + 1));
        }
        return ranges.toString();
    }

    private static String escaped(int cp) {
        return String.format("\\u%04X\\u%04X", (int) Character.highSurrogate(cp), (int) Character.lowSurrogate(cp));
    }
}
