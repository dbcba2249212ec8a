package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.contract.EventCodec;
import cn.ledger.contract.LedgerEnvelope;
import cn.ledger.contract.event.PositiveEntryRecorded;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    /** Strings over every UTF-16 code unit, lone surrogates and U+0000 included. */
    @Provide
    Arbitrary<String> anyCodeUnits() {
        return Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(40);
    }

    @Property(tries = 2000, seed = "20261204")
    void cleanedTextIsStorableAndKeepsItsLength(@ForAll("anyCodeUnits") String text) {
        String cleaned = StorableText.clean(text);
        assertThat(StorableText.storable(cleaned)).isTrue();
        assertThat(cleaned).hasSameSizeAs(text);
        assertThat(StorableText.clean(cleaned)).isSameAs(cleaned);
        // what was storable is untouched; only U+0000 and lone surrogates change, each into U+FFFD
        for (int i = 0; i < text.length(); i++) {
            if (cleaned.charAt(i) != text.charAt(i)) {
                assertThat(cleaned.charAt(i)).isEqualTo(StorableText.REPLACEMENT);
                char c = text.charAt(i);
                assertThat(c == 0 || Character.isSurrogate(c)).as("U+%04X", (int) c).isTrue();
            }
        }
    }

    @Property(tries = 500, seed = "20261204")
    void wellFormedTextIsNeverChanged(@ForAll String text) {
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\0", "");
        assertThat(StorableText.clean(wellFormed)).isSameAs(wellFormed);
    }

    @Test
    void replacesNulAndUnpairedSurrogatesButKeepsPairs() {
        assertThat(StorableText.clean("a\u0000b\uD800c\uDC00d\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00");
        assertThat(StorableText.clean("end\uD800")).isEqualTo("end\uFFFD");
        assertThat(StorableText.storable(null)).isTrue();
    }

    @Test
    void anEnvelopeWithUnstorableTextIsReadBackCleanedAndAnyOtherIsPassedThrough() {
        LedgerEnvelope bad = envelope("x \uD800 y\u0000", List.of("证据\u0000"));
        byte[] json = EventCodec.toJson(bad.event());
        LedgerEnvelope cleaned = StorableText.storable(bad, json);
        assertThat(cleaned).isNotSameAs(bad);
        PositiveEntryRecorded event = (PositiveEntryRecorded) cleaned.event();
        assertThat(event.summary()).isEqualTo("x \uFFFD y\uFFFD");
        assertThat(event.evidence()).containsExactly("证据\uFFFD");
        assertThat(event.entryId()).isEqualTo(((PositiveEntryRecorded) bad.event()).entryId());

        LedgerEnvelope good = envelope("完成任务 \uD83D\uDE00", List.of("证据"));
        assertThat(StorableText.storable(good, EventCodec.toJson(good.event()))).isSameAs(good);
    }

    private static LedgerEnvelope envelope(String summary, List<String> evidence) {
        return new LedgerEnvelope("e-1", "Cadre", "c-1", 3, Instant.parse("2023-09-01T00:00:00Z"), "r", "k",
                new PositiveEntryRecorded("c-1", "entry-1", "基层党建", BigDecimal.ONE, summary, evidence,
                        LocalDate.parse("2023-09-01")));
    }
}
