package cn.ledger.query.review;

import cn.ledger.query.eligibility.Part;
import cn.ledger.query.eligibility.RuleOutcome;
import cn.ledger.query.eligibility.Term;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The sentences of rule outcomes in a language, from one message catalogue: {@code i18n/rules_zh.properties}
 * and {@code i18n/rules_en.properties}, keyed by outcome code. A sentence names its parameters as
 * {@code {name}}; each is shown by its type: a date in the language's format ({@code format.date}), a term
 * by its name ({@code term.<group>.<code>}), a part by its own sentence, a period in years, months and days,
 * a list joined by {@code format.separator} and, when the catalogue has {@code list.<name>} and the list is
 * not empty, put into that sentence as {@code {items}} (an empty list shows nothing).
 */
@Component
public class RuleText {

    public static final Locale ZH = Locale.forLanguageTag("zh");
    public static final Locale EN = Locale.ENGLISH;
    public static final List<Locale> LANGUAGES = List.of(ZH, EN);
    public static final String BASENAME = "i18n/rules";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final MessageSource messages;
    private final Map<Locale, DateTimeFormatter> dateFormats = new ConcurrentHashMap<>();

    public RuleText() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename(BASENAME);
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        this.messages = source;
    }

    /** The sentence of an outcome. */
    public String reason(RuleOutcome outcome, Locale language) {
        return render(outcome.code(), outcome.params(), language);
    }

    /** The catalogue's sentence under {@code key} with its parameters filled in. */
    public String render(String key, Map<String, ?> params, Locale language) {
        String pattern = text(key, language);
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!params.containsKey(name)) {
                throw new IllegalStateException("The sentence " + key + " (" + language + ") shows {" + name
                        + "}, which is not one of its parameters " + params.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value(name, params.get(name), language)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The catalogue's text under {@code key}, as it stands; a missing key throws. */
    public String text(String key, Locale language) {
        return messages.getMessage(key, null, language);
    }

    public String date(LocalDate date, Locale language) {
        return date.format(dateFormats.computeIfAbsent(language,
                l -> DateTimeFormatter.ofPattern(text("format.date", l), l)));
    }

    String value(String name, Object value, Locale language) {
        if (value == null) {
            return "";
        }
        if (value instanceof LocalDate d) {
            return date(d, language);
        }
        if (value instanceof Term t) {
            return text(t.key(), language);
        }
        if (value instanceof Part p) {
            return render(p.code().code(), p.params(), language);
        }
        if (value instanceof Period p) {
            return period(p, language);
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return "";
            }
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(value(name, item, language)));
            String joined = String.join(text("format.separator", language), items);
            String wrapper = messages.getMessage("list." + name, null, null, language);
            return wrapper == null ? joined : render("list." + name, Map.of("items", joined), language);
        }
        return String.valueOf(value);
    }

    private String period(Period period, Locale language) {
        Period p = period.normalized();
        List<String> parts = new ArrayList<>();
        if (p.getYears() != 0) {
            parts.add(unit("year", p.getYears(), language));
        }
        if (p.getMonths() != 0) {
            parts.add(unit("month", p.getMonths(), language));
        }
        if (p.getDays() != 0 || parts.isEmpty()) {
            parts.add(unit("day", p.getDays(), language));
        }
        return String.join(text("period.join", language), parts);
    }

    private String unit(String unit, int n, Locale language) {
        return render("period." + unit + (n == 1 ? "" : "s"), Map.of("n", n), language);
    }
}
