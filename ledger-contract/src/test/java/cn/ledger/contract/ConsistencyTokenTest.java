package cn.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    @Test
    void aTokenReadsBackAsTheStreamsAndSequencesItWasMadeOf() {
        Map<String, Long> positions = new LinkedHashMap<>();
        positions.put("c-1.a_b", 7L);
        positions.put("u-2", 0L);
        String token = new ConsistencyToken(positions).encode();
        assertThat(token).startsWith("v1.").matches("[A-Za-z0-9._-]+");
        assertThat(ConsistencyToken.decode(token).positions()).containsExactlyEntriesOf(positions);
    }

    @Test
    void whatIsNotATokenIsRefusedSayingSo() {
        for (String bad : new String[] {"", " ", "c-1:7", "v2.Yy0xOjc", "v1.%%%", "v1.bm8tY29sb24", "v1.YTotMQ",
                "v1.YTp4", "v1." + "QQ".repeat(5000), "v1.OjE"}) {
            assertThatThrownBy(() -> ConsistencyToken.decode(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Exception");
        }
    }

    @Test
    void aStreamNamedTwiceWaitsForTheLaterSequence() {
        String token = "v1." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("c-1:3,c-1:9".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(ConsistencyToken.decode(token).positions()).containsExactly(Map.entry("c-1", 9L));
    }
}
