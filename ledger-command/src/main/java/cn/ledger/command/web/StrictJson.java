package cn.ledger.command.web;

import cn.ledger.contract.text.TextRule;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * How the command API reads a request body, stricter than Jackson's defaults so that nothing is
 * stored other than what was sent:
 * <ul>
 * <li>a key given twice in one object is refused (not "last one wins");
 * <li>a field the request does not have is refused (not ignored: a misspelt optional field would be lost);
 * <li>a number with a fraction or an exponent is not cut to fit an integer field ({@code 1.5} or
 *     {@code 1e400} for a count is refused, not read as 1 or the largest int); decimal fields keep
 *     their exact value, and their {@code @Digits} limits refuse what a read model would round;
 * <li>every date is an ISO date between {@value #FIRST} and {@value #LAST};
 * <li>every string is normalised to NFC (the ledger's {@link TextRule}), before validation and storage.
 * </ul>
 * Each refusal is a 400 naming the field. The event store's own (Jackson 2) serializer is not this mapper.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    public static final String FIRST = "1900-01-01";
    public static final String LAST = "2200-12-31";
    static final LocalDate EARLIEST = LocalDate.parse(FIRST);
    static final LocalDate LATEST = LocalDate.parse(LAST);

    /** Longer than any body the API takes (64 KiB): how long a number may be is left to the field's own limit. */
    static final int MAX_NUMBER_LENGTH = 100_000;

    @Bean
    JsonMapperBuilderCustomizer strictCommandBodies() {
        return StrictJson::configure;
    }

    @Bean
    JsonFactoryBuilderCustomizer numbersReadInFull() {
        return StrictJson::configure;
    }

    /**
     * Numbers are read in full, however long, so that a field's own limit ({@code @Digits}, an int's
     * range) refuses an absurd one naming the field, rather than the parser refusing the whole body.
     */
    public static JsonFactoryBuilder configure(JsonFactoryBuilder builder) {
        return builder.streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build());
    }

    /** Applies the rules above to a mapper builder. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new SimpleModule("ledger-strict-json")
                        .addDeserializer(String.class, new NormalisedString())
                        .addDeserializer(LocalDate.class, new BoundedDate()));
    }

    /** A JSON string (or scalar Jackson accepts as one) in NFC. */
    static final class NormalisedString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            return TextRule.normalise(super.deserialize(p, ctxt));
        }
    }

    /** An ISO date ({@code 2023-09-20}) within the ledger's range. */
    static final class BoundedDate extends StdScalarDeserializer<LocalDate> {
        BoundedDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
            }
            String text = p.getString().trim();
            LocalDate date;
            try {
                date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeException e) {
                throw ctxt.weirdStringException(shortened(text), LocalDate.class,
                        "not a date of the form 2023-09-20");
            }
            if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
                throw ctxt.weirdStringException(text, LocalDate.class,
                        "outside the ledger's range of dates, " + FIRST + " to " + LAST);
            }
            return date;
        }

        private static String shortened(String text) {
            return text.length() > 40 ? text.substring(0, 40) + "…" : text;
        }
    }
}
