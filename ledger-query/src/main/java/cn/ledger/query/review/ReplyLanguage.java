package cn.ledger.query.review;

import cn.ledger.security.web.BadParameter;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The language an answer's sentences are written in: Chinese unless the caller prefers English. From
 * {@code Accept-Language} (the first acceptable of zh or en by weight; absent, unreadable or any other
 * language: Chinese), or from an explicit {@code lang} parameter ({@code zh} or {@code en}) where an
 * endpoint takes one. The answer says which in {@code Content-Language}.
 */
public final class ReplyLanguage {

    private ReplyLanguage() {
    }

    /** The language for an {@code Accept-Language} header (null when absent). */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return RuleText.ZH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return RuleText.ZH;
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String tag = range.getRange();
            if (tag.equals("en") || tag.startsWith("en-")) {
                return RuleText.EN;
            }
            if (tag.equals("zh") || tag.startsWith("zh-")) {
                return RuleText.ZH;
            }
        }
        return RuleText.ZH;
    }

    /** The language for an explicit {@code lang} parameter; anything but zh or en is a bad parameter. */
    public static Locale fromParameter(String lang) {
        return switch (lang) {
            case "zh" -> RuleText.ZH;
            case "en" -> RuleText.EN;
            default -> throw new BadParameter("lang", "must be zh or en, not " + lang);
        };
    }

    /**
     * The current request's language (its {@code lang} parameter if given, else its Accept-Language), and the
     * current response told so.
     */
    public static Locale ofCurrentRequest(String lang) {
        ServletRequestAttributes attributes = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        Locale language = lang != null ? fromParameter(lang)
                : fromAcceptLanguage(attributes.getRequest().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        HttpServletResponse response = attributes.getResponse();
        if (response != null) {
            response.setHeader(HttpHeaders.CONTENT_LANGUAGE, language.toLanguageTag());
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        }
        return language;
    }
}
