package cn.ledger.contract.text;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

class TextRuleTest {

    static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    record Note(@LedgerText(max = 5) String text, List<@LedgerText(max = 3) String> items) {}

    @Test
    void acceptsChineseEmojiCombiningMarksAndOrdinaryPunctuation() {
        assertThat(TextRule.problem("督查发现问题：未按期完成（第3项）", 100)).isEmpty();
        assertThat(TextRule.problem("完成 😀 𠀀 \u2028 \u200F é", 100)).isEmpty();
        assertThat(TextRule.problem("", 0)).isEmpty();
        assertThat(TextRule.problem(null, 0)).isEmpty();
    }

    @Test
    void refusesAnUnpairedSurrogateSayingWhereItIs() {
        assertThat(TextRule.problem("x \ud800", 100)).contains(
                "has U+D800 at character 3, which is an unpaired UTF-16 surrogate, which is not a Unicode character");
        assertThat(TextRule.problem("\udc00x", 100)).get().asString().contains("U+DC00 at character 1");
        assertThat(TextRule.problem("\ud83d", 100)).get().asString().contains("unpaired");
    }

    @Test
    void refusesNoncharactersInEveryPlane() {
        assertThat(TextRule.problem("a\uFDD0", 100)).get().asString().contains("U+FDD0", "noncharacter");
        assertThat(TextRule.problem("\uFDEF", 100)).get().asString().contains("noncharacter");
        assertThat(TextRule.problem("\uFFFE", 100)).get().asString().contains("noncharacter");
        for (int plane = 0; plane <= 0x10; plane++) {
            for (int last : new int[] {0xFFFE, 0xFFFF}) {
                String s = new String(Character.toChars((plane << 16) | last));
                assertThat(TextRule.problem(s, 100)).as("plane %d", plane).get().asString().contains("noncharacter");
            }
        }
        assertThat(TextRule.problem("\uFDCF\uFDF0\uFFFD" + new String(Character.toChars(0x1FFFD)), 100)).isEmpty();
    }

    @Test
    void refusesC0AndC1ControlsLineBreaksIncluded() {
        for (int cp : new int[] {0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F}) {
            assertThat(TextRule.problem("a" + (char) cp, 100)).as("U+%04X", cp).get().asString()
                    .contains("control character");
        }
        assertThat(TextRule.problem("\u00A0\u0020~", 100)).isEmpty();
    }

    @Test
    void refusesBidiEmbeddingsOverridesAndIsolates() {
        for (int cp = 0x202A; cp <= 0x202E; cp++) {
            assertThat(TextRule.problem("a" + (char) cp + "b", 100)).get().asString().contains("bidirectional");
        }
        for (int cp = 0x2066; cp <= 0x2069; cp++) {
            assertThat(TextRule.problem("a" + (char) cp + "b", 100)).get().asString().contains("bidirectional");
        }
        assertThat(TextRule.problem("\u2029\u202F\u2065\u206A", 100)).isEmpty();
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        String emoji = "😀".repeat(5);
        assertThat(emoji.length()).isEqualTo(10);
        assertThat(TextRule.problem(emoji, 5)).isEmpty();
        assertThat(TextRule.problem(emoji + "长", 5)).contains("is 6 characters long; at most 5 are allowed");
    }

    @Test
    void refusesTextNotInNfcAndNormalisesIt() {
        String decomposed = "e\u0301";
        assertThat(TextRule.problem(decomposed, 100)).contains("is not in Unicode normalisation form NFC");
        assertThat(TextRule.normalise(decomposed)).isEqualTo("\u00E9");
        assertThat(TextRule.problem(TextRule.normalise(decomposed), 100)).isEmpty();
        assertThat(TextRule.normalise(null)).isNull();
        assertThat(TextRule.normalise("x \ud800")).isEqualTo("x \ud800");
    }

    @Test
    void theConstraintReportsTheProblemAsItsMessage() {
        Set<ConstraintViolation<Note>> violations = VALIDATOR.validate(new Note("x \ud800", List.of("ok", "四五六七")));
        assertThat(violations).extracting(v -> v.getPropertyPath().toString() + ": " + v.getMessage())
                .containsExactlyInAnyOrder(
                        "text: has U+D800 at character 3, which is an unpaired UTF-16 surrogate, which is not a Unicode character",
                        "items[1].<list element>: is 4 characters long; at most 3 are allowed");
        assertThat(VALIDATOR.validate(new Note("好", List.of("好")))).isEmpty();
        assertThat(VALIDATOR.validate(new Note(null, null))).isEmpty();
    }
}
