package cn.ledger.security.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The ranges every query parameter is held to, in one place for the three services: a request
 * outside them is a 400 naming the parameter ({@link Invalid}), before any work proportional to
 * the value is done.
 * <ul>
 * <li>dates, months, quarters and years: years {@value #FIRST_YEAR} to {@value #LAST_YEAR};
 * instants from the first to the last moment of those years (UTC);</li>
 * <li>ids (cadre, unit, stream, event, issuer): at most {@value #MAX_ID} characters, no control
 * characters; free text at most {@value #MAX_TEXT};</li>
 * <li>page sizes and limits: 1 to the endpoint's cap (at most {@value #MAX_LIMIT}); positions and
 * sequences not negative.</li>
 * </ul>
 * Text parameters are checked before they are parsed, so a long value costs no more than a short one.
 */
public final class RequestParams {

    public static final int FIRST_YEAR = 1900;
    public static final int LAST_YEAR = 2200;
    public static final LocalDate FIRST_DAY = LocalDate.of(FIRST_YEAR, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(LAST_YEAR, 12, 31);
    public static final Instant FIRST_INSTANT = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Exclusive: the first instant after the range. */
    public static final Instant AFTER_LAST_INSTANT = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    public static final int MAX_ID = 64;
    public static final int MAX_TEXT = 300;
    public static final int MAX_LIMIT = 1000;

    private static final String YEARS = "years " + FIRST_YEAR + " to " + LAST_YEAR;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    /**
     * A query parameter outside its range: 400 problem+json naming it. (Handled ahead of each
     * service's own handler, like the service's own bad-parameter exception.)
     */
    public static final class Invalid extends BadParameter {

        public Invalid(String parameter, String reason) {
            super(parameter, reason);
        }
    }

    private RequestParams() {
    }

    /** A date bound by Spring (or null, when optional and absent) within the years served. */
    public static LocalDate date(String name, LocalDate value) {
        if (value != null && (value.isBefore(FIRST_DAY) || value.isAfter(LAST_DAY))) {
            throw new Invalid(name, "must be a date in " + YEARS);
        }
        return value;
    }

    /** A date given as text, {@code yyyy-MM-dd}, within the years served. */
    public static LocalDate date(String name, String text) {
        if (text == null) {
            return null;
        }
        if (text.length() != 10 || !DATE.matcher(text).matches()) {
            throw new Invalid(name, "must be a date like 2023-09-30");
        }
        try {
            return date(name, LocalDate.parse(text));
        } catch (DateTimeException e) {
            throw new Invalid(name, "must be a date like 2023-09-30");
        }
    }

    /** An instant bound by Spring (or null) within the years served. */
    public static Instant instant(String name, Instant value) {
        if (value != null && (value.isBefore(FIRST_INSTANT) || !value.isBefore(AFTER_LAST_INSTANT))) {
            throw new Invalid(name, "must be an instant in " + YEARS + " (UTC)");
        }
        return value;
    }

    /** A month, {@code yyyy-MM}, within the years served. */
    public static YearMonth month(String name, String text) {
        var m = text == null || text.length() != 7 ? null : MONTH.matcher(text);
        if (m == null || !m.matches()) {
            throw new Invalid(name, "must be a month like 2023-09");
        }
        int month = Integer.parseInt(m.group(2));
        if (month < 1 || month > 12) {
            throw new Invalid(name, "must be a month like 2023-09");
        }
        return YearMonth.of(year(name, Integer.parseInt(m.group(1))), month);
    }

    /** A quarter, {@code yyyy-Qn}, within the years served; answers its first month. */
    public static YearMonth quarter(String name, String text) {
        var m = text == null || text.length() != 7 ? null : QUARTER.matcher(text);
        if (m == null || !m.matches()) {
            throw new Invalid(name, "must look like 2023-Q3");
        }
        return YearMonth.of(year(name, Integer.parseInt(m.group(1))), (Integer.parseInt(m.group(2)) - 1) * 3 + 1);
    }

    /** A year within the years served. */
    public static int year(String name, int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new Invalid(name, "must be in " + YEARS);
        }
        return year;
    }

    /** An id (or null): at most {@value #MAX_ID} characters, none of them a control character. */
    public static String id(String name, String value) {
        if (value != null) {
            if (value.length() > MAX_ID) {
                throw new Invalid(name, "must be at most " + MAX_ID + " characters");
            }
            if (value.codePoints().anyMatch(Character::isISOControl)) {
                throw new Invalid(name, "must not contain control characters");
            }
        }
        return value;
    }

    /** Free text (or null): at most {@value #MAX_TEXT} characters. */
    public static String text(String name, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw new Invalid(name, "must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** A page size or limit: 1 to {@code max}. */
    public static int limit(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new Invalid(name, "must be 1 to " + max);
        }
        return value;
    }

    /** A page number: 0 to {@code max}. */
    public static int page(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new Invalid(name, "must be 0 to " + max);
        }
        return value;
    }

    /** A position, sequence or size in a log: not negative. */
    public static long position(String name, long value) {
        if (value < 0) {
            throw new Invalid(name, "must not be negative");
        }
        return value;
    }
}
