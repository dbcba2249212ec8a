package cn.ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.command.cadre.CadreCommands.Polarity;
import cn.ledger.command.cadre.CadreCommands.RecordEntry;
import cn.ledger.command.cadre.CadreCommands.RegisterCadre;
import cn.ledger.command.unit.UnitCommands.RegisterUnit;
import cn.ledger.contract.UnitCategory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A cadre with a long history loads from a snapshot, not by replaying every event. */
class LongStreamIT extends CommandServiceIT {

    @Autowired
    CommandGateway commands;
    @Autowired
    EventStore eventStore;

    @Test
    void longStreamsAreSnapshottedSoLoadingReadsOnlyTheTail() {
        String id = "long-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.of(2023, 1, 1);
        commands.sendAndWait(new RegisterUnit("u-" + id, "单位", UnitCategory.DISTRICT_DEPARTMENT, null, day));
        commands.sendAndWait(new RegisterCadre(id, "干部", "u-" + id, "科员", "乡科副", day, "一级科员", day, day, 0, null, day));
        int entries = 350;
        for (int i = 0; i < entries; i++) {
            commands.sendAndWait(new RecordEntry(id, "e-" + i, Polarity.POSITIVE, "经济运行", BigDecimal.ONE, "x",
                    List.of(), day));
        }
        // snapshots are taken after the command that crosses the threshold, asynchronously
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT max(sequence_number) FROM snapshot_event_entry "
                        + "WHERE aggregate_identifier = ?", Long.class, id))
                        .as("latest snapshot lies within one threshold (100) of the head at %d", entries)
                        .isGreaterThanOrEqualTo((long) entries - 100));

        long readOnLoad = eventStore.readEvents(id).asStream().count();
        assertThat(readOnLoad).as("events read to load the cadre (snapshot plus tail)").isLessThanOrEqualTo(101);

        Long sequence = commands.sendAndWait(new RecordEntry(id, "e-last", Polarity.NEGATIVE, "经济运行",
                BigDecimal.ONE, "x", List.of(), day));
        assertThat(sequence).isEqualTo(entries + 1L);
    }
}
