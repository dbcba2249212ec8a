package cn.ledger.query.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.security.web.BadParameter;
import cn.ledger.security.web.Cursor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The directory search's parameters: kept when in range, a 400 naming the parameter when not. */
class DirectorySearchTest {

    @Property(seed = "20261204")
    void aNamePartUpToFiftyCharactersIsKeptStripped(@ForAll("names") String q) {
        DirectorySearch search = DirectorySearch.of(" " + q + " ", null, null, null, null);
        assertThat(search.q()).isEqualTo(q.strip());
        assertThat(search.limit()).isEqualTo(DirectorySearch.DEFAULT_LIMIT);
        assertThat(search.after()).isNull();
    }

    @Property(seed = "20261204")
    void aLongerNamePartIsRefusedNamingQ(@ForAll("names") String q, @ForAll @IntRange(min = 1, max = 500) int more) {
        String longer = q.strip() + "王".repeat(DirectorySearch.MAX_Q + more - q.strip().length());
        assertThatThrownBy(() -> DirectorySearch.of(longer, null, null, null, null))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("q"));
    }

    @Property(seed = "20261204")
    void controlCharactersInTheNamePartAreRefused(@ForAll("names") String q,
            @ForAll @IntRange(min = 0, max = 0x1f) int control) {
        String text = q.strip() + (char) control + "x";
        assertThatThrownBy(() -> DirectorySearch.of(text, null, null, null, null))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("q"));
    }

    @Property(seed = "20261204")
    void theLimitIsOneToTwoHundred(@ForAll @IntRange(min = -1000, max = 1000) int limit) {
        if (limit >= 1 && limit <= DirectorySearch.MAX_LIMIT) {
            assertThat(DirectorySearch.of(null, null, null, limit, null).limit()).isEqualTo(limit);
        } else {
            assertThatThrownBy(() -> DirectorySearch.of(null, null, null, limit, null))
                    .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("limit"));
        }
    }

    @Property(seed = "20261204")
    void aCursorOfThisListGoesOnWhereItSaysAndOneOfAnotherIsRefused(@ForAll("ids") String id) {
        assertThat(DirectorySearch.of(null, null, null, 10, Cursor.of(DirectorySearch.LIST, id)).after())
                .isEqualTo(id);
        assertThatThrownBy(() -> DirectorySearch.of(null, null, null, 10, Cursor.of("timeline", id)))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("cursor"));
    }

    @Property(seed = "20261204")
    void unitAndPostLevelAreHeldToTheirLengths(@ForAll @IntRange(min = 1, max = 200) int length) {
        String unit = "u".repeat(length);
        String level = "级".repeat(length);
        if (length <= 64) {
            assertThat(DirectorySearch.of(null, unit, null, null, null).unitId()).isEqualTo(unit);
        } else {
            assertThatThrownBy(() -> DirectorySearch.of(null, unit, null, null, null))
                    .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("unitId"));
        }
        if (length <= DirectorySearch.MAX_POST_LEVEL) {
            assertThat(DirectorySearch.of(null, null, level, null, null).postLevel()).isEqualTo(level);
        } else {
            assertThatThrownBy(() -> DirectorySearch.of(null, null, level, null, null))
                    .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("postLevel"));
        }
    }

    /** Ids as the ledger takes them, with characters a cursor must carry intact (Chinese, '=', ':', '%'). */
    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withCharRange('\u4e00', '\u9fa5')
                .withChars('-', '_', '=', ':', '%', '.').ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withCharRange('a', 'z').withChars(' ', '-', '%', '_')
                .ofMinLength(1).ofMaxLength(DirectorySearch.MAX_Q).filter(s -> !s.isBlank());
    }
}
