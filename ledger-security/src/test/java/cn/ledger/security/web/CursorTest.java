package cn.ledger.security.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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

    @Test
    void absentIsTheStartAndAnOlderParameterIsTakenButNotBesideACursor() {
        assertThat(Cursor.position("roster", null, 0)).isZero();
        assertThat(Cursor.position("roster", null, "page", 200L, 0)).isEqualTo(200);
        assertThatThrownBy(() -> Cursor.position("roster", Cursor.of("roster", 1), "page", 2L, 0))
                .isInstanceOf(RequestParams.Invalid.class);
    }
}
