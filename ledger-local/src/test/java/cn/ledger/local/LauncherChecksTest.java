package cn.ledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.local.LocalLedger.PortSetting;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher checks before it starts anything: its ports, and that it alone uses its data directory. */
class LauncherChecksTest {

    private static final PortSetting COMMAND = LocalLedger.COMMAND;
    private static final PortSetting KAFKA = LocalLedger.KAFKA;

    @Test
    void portsComeFromTheEnvironmentAndDefaultOtherwise() {
        int free = LocalLedger.freePort();
        Map<PortSetting, Integer> ports = Ports.resolve(List.of(COMMAND),
                Map.of("LEDGER_COMMAND_PORT", Integer.toString(free)));
        assertThat(ports).containsEntry(COMMAND, free);
        assertThat(Ports.resolve(List.of(KAFKA), Map.of("LEDGER_LOCAL_KAFKA_PORT", " ")).get(KAFKA))
                .isEqualTo(KAFKA.defaultPort());
    }

    @Test
    void aPortInUseIsNamedWithTheVariableToSet() throws Exception {
        try (ServerSocket loopbackOnly = new ServerSocket()) {
            loopbackOnly.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = loopbackOnly.getLocalPort();
            assertThatThrownBy(() -> Ports.resolve(List.of(KAFKA, COMMAND), Map.of("LEDGER_COMMAND_PORT",
                    Integer.toString(port), "LEDGER_LOCAL_KAFKA_PORT", Integer.toString(LocalLedger.freePort()))))
                    .isInstanceOf(LocalLedger.UsageError.class)
                    .hasMessageStartingWith("port " + port + " (ledger-command) is in use")
                    .hasMessageContaining("set LEDGER_COMMAND_PORT to a free port");
        }
    }

    @Test
    void aPortGivenTwiceOrNotAPortIsRefused() {
        int free = LocalLedger.freePort();
        assertThatThrownBy(() -> Ports.resolve(List.of(COMMAND, KAFKA), Map.of("LEDGER_COMMAND_PORT",
                Integer.toString(free), "LEDGER_LOCAL_KAFKA_PORT", Integer.toString(free))))
                .isInstanceOf(LocalLedger.UsageError.class)
                .hasMessage("LEDGER_COMMAND_PORT and LEDGER_LOCAL_KAFKA_PORT are both " + free + ": give each its own port");
        assertThatThrownBy(() -> Ports.resolve(List.of(COMMAND), Map.of("LEDGER_COMMAND_PORT", "80a")))
                .isInstanceOf(LocalLedger.UsageError.class)
                .hasMessage("LEDGER_COMMAND_PORT=80a is not a port (1-65535)");
    }

    @Test
    void oneLauncherPerDataDirectory(@TempDir Path dir) {
        LocalData first = LocalData.open(dir);
        try {
            assertThatThrownBy(() -> LocalData.open(dir))
                    .isInstanceOf(LocalLedger.UsageError.class)
                    .hasMessageContaining("another ./run-local.sh is running on " + dir);
        } finally {
            first.release();
        }
        LocalData.open(dir).release();
    }

    @Test
    void freshDeletesTheDataAndKeepsTheKeys(@TempDir Path dir) throws Exception {
        LocalData data = LocalData.open(dir);
        try {
            Files.createDirectories(data.postgres().resolve("base"));
            Files.writeString(data.postgres().resolve("PG_VERSION"), "17");
            Files.createDirectories(data.kafka().resolve("data"));
            Files.writeString(dir.resolve("local-signing-key.json"), "{}");
            Files.writeString(dir.resolve("audit-signing-key.pk8"), "key");

            List<String> said = new java.util.ArrayList<>();
            assertThat(data.fresh(said::add)).containsExactly(data.postgres(), data.kafka());
            assertThat(said).hasSize(2).allMatch(line -> line.startsWith("--fresh: deleting "));
            assertThat(data.postgres()).doesNotExist();
            assertThat(data.kafka()).doesNotExist();
            assertThat(dir.resolve("local-signing-key.json")).exists();
            assertThat(dir.resolve("audit-signing-key.pk8")).exists();
            assertThat(data.fresh(line -> {})).isEmpty();
        } finally {
            data.release();
        }
    }
}
