package cn.ledger.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Property(seed = "20261204")
    void aCursorNamesItsPositionInItsListOnly(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long position) {
        String cursor = Cursor.of("timeline", position);
        assertThat(Cursor.position("timeline", cursor, 7)).isEqualTo(position);
        assertThatThrownBy(() -> Cursor.position("roster", cursor, 0)).isInstanceOf(RequestParams.Invalid.class)
                .extracting("parameter").isEqualTo("cursor");
    }

    @Property(seed = "20261204")
    void anythingElseIsRefusedNamingTheParameter(@ForAll @StringLength(max = 120) String junk) {
        try {
            long p = Cursor.position("audit-events", junk, 0);
            // only a cursor this list handed out passes
            assertThat(Cursor.of("audit-events", p)).isEqualTo(junk);
        } catch (RequestParams.Invalid refused) {
            assertThat(refused.parameter()).isEqualTo("cursor");
        }
    }

    @Property(seed = "20261204")
    void aKeyCursorCarriesItsIdIntactInItsListOnly(@ForAll("keys") String key) {
        String cursor = Cursor.of("directory-cadres", key);
        assertThat(Cursor.key("directory-cadres", cursor)).isEqualTo(key);
        assertThatThrownBy(() -> Cursor.key("roster", cursor)).isInstanceOf(RequestParams.Invalid.class)
                .extracting("parameter").isEqualTo("cursor");
        // a list paged by position does not take a key, nor one paged by key a position
        assertThatThrownBy(() -> Cursor.position("directory-cadres", cursor, 0)).isInstanceOf(RequestParams.Invalid.class);
        assertThatThrownBy(() -> Cursor.key("directory-cadres", Cursor.of("directory-cadres", 5)))
                .isInstanceOf(RequestParams.Invalid.class);
    }

    @Property(seed = "20261204")
    void junkIsNoKeyCursor(@ForAll @StringLength(max = 500) String junk) {
        try {
            String key = Cursor.key("directory-cadres", junk);
            assertThat(key).isNotNull();
            assertThat(key.codePointCount(0, key.length())).isBetween(1, 64);
        } catch (RequestParams.Invalid refused) {
            assertThat(refused.parameter()).isEqualTo("cursor");
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange(' ', '\ud7ff').ofMinLength(1).ofMaxLength(64);
    }

    @Test
    void absentIsTheStartAndAnOlderParameterIsTakenButNotBesideACursor() {
        assertThat(Cursor.position("roster", null, 0)).isZero();
        assertThat(Cursor.position("roster", null, "page", 200L, 0)).isEqualTo(200);
        assertThatThrownBy(() -> Cursor.position("roster", Cursor.of("roster", 1), "page", 2L, 0))
                .isInstanceOf(RequestParams.Invalid.class);
    }
}
