package cn.ledger.local.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ledger.local.harness.CommandLedger.Conflicts;
import cn.ledger.local.harness.CommandLedger.Observations;
import cn.ledger.local.harness.CommandLedger.Published;
import cn.ledger.local.harness.CommandLedger.ReadModel;
import cn.ledger.local.harness.CommandLedger.StoredEvent;
import cn.ledger.local.harness.CommandLedger.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The judge of the reliability runs, run against a ledger that is broken on purpose: each failure the
 * fault tests claim to catch (a command dropped after its 2xx, one stored twice, a projector applying a
 * copy twice, a record published out of order, a 409 taken on faith, any other answer) is fabricated
 * in the observations of an otherwise healthy run, and the verdict must turn red for it, and for it alone.
 */
class CommandLedgerTest {

    /** A healthy run of six commands on two streams, observed everywhere; each test breaks one thing. */
    private CommandLedger ledger;
    private List<StoredEvent> store;
    private List<Published> topic;
    private Map<String, Long> queryCounts;
    private long rankingCount;

    @BeforeEach
    void healthyRun() {
        ledger = new CommandLedger();
        store = new ArrayList<>();
        topic = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = "k" + i;
            String stream = i % 2 == 0 ? "c0" : "c1";
            long sequence = i / 2 + 1;
            ledger.sent(key, stream);
            ledger.acknowledged(key, stream, sequence);
            StoredEvent event = new StoredEvent(key, stream, sequence, "e" + i, "r" + i);
            store.add(event);
            topic.add(new Published(key, stream, sequence, "e" + i, 0, i));
        }
        queryCounts = new HashMap<>(Map.of("c0", 3L, "c1", 3L));
        rankingCount = 6;
    }

    private Observations observed() {
        Set<String> events = new HashSet<>();
        Set<String> records = new HashSet<>();
        store.forEach(e -> {
            events.add(e.eventId());
            records.add(e.recordId());
        });
        return observed(events, records);
    }

    private Observations observed(Set<String> queryHolds, Set<String> rankingHolds) {
        return new Observations(store, topic, List.of(
                new ReadModel("ledger-query", queryHolds, StoredEvent::eventId, queryCounts, StoredEvent::stream),
                new ReadModel("ranking-projector", rankingHolds, StoredEvent::recordId, Map.of("office", rankingCount),
                        e -> "office")));
    }

    private Verdict judge() {
        return ledger.judge(observed(), Conflicts.MUST_BE_STORED);
    }

    @Test
    void aHealthyRunIsClean() {
        Verdict verdict = judge().assertClean();

        assertThat(verdict.acknowledged()).isEqualTo(6);
        assertThat(verdict.stored()).isEqualTo(6);
        assertThat(verdict.onTopic()).isEqualTo(6);
        assertThat(verdict.readModel("ledger-query").applied()).isEqualTo(6);
        assertThat(verdict.readModel("ranking-projector").applied()).isEqualTo(6);
    }

    @Test
    void catchesACommandDroppedAfterIts2xx() {
        StoredEvent dropped = store.remove(5);      // k5, c1#3: answered 201, never stored
        topic.removeIf(p -> p.key().equals(dropped.key()));
        queryCounts.put("c1", 2L);
        rankingCount = 5;

        Verdict verdict = judge();

        assertThat(verdict.lost()).singleElement().asString().startsWith("k5: answered 2xx (c1#3), not in the store");
        assertRedWith(verdict, "lost 1,");
    }

    @Test
    void catchesA2xxThatNamesAnotherEventThanTheCommandsOwn() {
        // k4's answer says c0#3, but the store holds k4's event at c0#4 (and c0#3 belongs to nobody)
        StoredEvent k4 = store.remove(4);
        store.add(new StoredEvent("stray", "c0", 3, "e-stray", "r-stray"));
        store.add(new StoredEvent(k4.key(), "c0", 4, k4.eventId(), k4.recordId()));

        Verdict verdict = ledger.judge(observed(), Conflicts.MUST_BE_STORED);

        assertThat(verdict.lost()).anySatisfy(line -> assertThat(line).startsWith("k4: answered 2xx as c0#3, stored as c0#4"));
        assertThat(verdict.failures()).anySatisfy(line -> assertThat(line).contains("belongs to no command sent"));
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void catchesACommandStoredTwice() {
        // k1 committed, its answer lost with its instance, retried under the same key and stored again
        store.add(new StoredEvent("k1", "c1", 4, "e1-again", "r1-again"));
        topic.add(new Published("k1", "c1", 4, "e1-again", 0, 6));
        queryCounts.put("c1", 4L);
        rankingCount = 7;

        Verdict verdict = judge();

        assertThat(verdict.storedTwice()).singleElement().asString().startsWith("k1 stored 2 times");
        assertThat(verdict.lost()).isEmpty();
        assertThat(verdict.appliedTwice()).as("each copy is a distinct event, counted once").isZero();
        assertRedWith(verdict, "stored twice 1,");
    }

    @Test
    void catchesAProjectorThatAppliesACopyTwice() {
        topic.add(new Published("k2", "c0", 2, "e2", 0, 6));   // a redelivered copy, allowed on the topic
        rankingCount = 7;                                        // ... and counted again by ranking-projector

        Verdict verdict = judge();

        assertThat(verdict.copies()).isEqualTo(1);
        assertThat(verdict.readModel("ranking-projector").appliedTwice()).singleElement().asString()
                .isEqualTo("office: counted 7, stored 6");
        assertThat(verdict.readModel("ledger-query").appliedTwice()).isEmpty();
        assertRedWith(verdict, "applied twice 1,");
    }

    @Test
    void copiesOnTheTopicThatNoProjectorAppliesTwiceAreClean() {
        topic.add(new Published("k2", "c0", 2, "e2", 0, 6));
        topic.add(new Published("k3", "c1", 2, "e3", 0, 7));

        Verdict verdict = judge().assertClean();

        assertThat(verdict.copies()).isEqualTo(2);
        assertThat(verdict.onTopic()).isEqualTo(6);
    }

    @Test
    void catchesARecordPublishedOutOfOrder() {
        // c0#3 published before c0#2
        Published second = topic.get(2);
        Published third = topic.get(4);
        topic.set(2, new Published(third.key(), third.stream(), third.sequence(), third.eventId(), 0, 2));
        topic.set(4, new Published(second.key(), second.stream(), second.sequence(), second.eventId(), 0, 4));

        Verdict verdict = judge();

        assertThat(verdict.outOfOrder()).singleElement().asString().startsWith("c0: 3 after 1");
        assertRedWith(verdict, "out of order 1,");
    }

    @Test
    void catchesAStoredEventThatNeverReachedTheTopic() {
        topic.removeIf(p -> p.key().equals("k3"));

        Verdict verdict = judge();

        assertThat(verdict.lost()).singleElement().asString().isEqualTo("k3: c1#2 stored, not on the topic");
        assertThat(verdict.outOfOrder()).as("c1#3 follows c1#1 on the topic").hasSize(1);
    }

    @Test
    void catchesAnEventMissingFromAReadModelEvenWhenItsCountIsRight() {
        Set<String> records = new HashSet<>(store.stream().map(StoredEvent::recordId).toList());
        records.remove("r0");
        Set<String> events = new HashSet<>(store.stream().map(StoredEvent::eventId).toList());

        Verdict verdict = ledger.judge(observed(events, records), Conflicts.MUST_BE_STORED);

        assertThat(verdict.lost()).singleElement().asString().isEqualTo("k0: c0#1 stored, not in ranking-projector");
        assertThat(verdict.readModel("ranking-projector").missing()).containsExactly("k0");
    }

    @Test
    void catchesAReadModelThatCountsShort() {
        queryCounts.put("c0", 2L);

        Verdict verdict = judge();

        assertThat(verdict.lost()).singleElement().asString()
                .isEqualTo("ledger-query/c0: ledger-query counts 2 for c0, the store holds 3");
    }

    @Test
    void aConflictIsStoredOnceOnlyIfTheStoreHoldsTheKey() {
        ledger.sent("k6", "c0");
        ledger.conflict("k6", "{\"detail\":\"The record already exists or was changed concurrently\"}");

        Verdict onFaith = judge();

        assertThat(onFaith.lost()).singleElement().asString().startsWith("k6: answered 409");
        assertThat(onFaith.clean()).isFalse();

        store.add(new StoredEvent("k6", "c0", 4, "e6", "r6"));
        topic.add(new Published("k6", "c0", 4, "e6", 0, 6));
        queryCounts.put("c0", 4L);
        rankingCount = 7;

        Verdict found = judge().assertClean();

        assertThat(found.conflicts()).isEqualTo(1);
        assertThat(found.stored()).isEqualTo(7);
    }

    @Test
    void aConflictThatSaysNothingWasAppendedMustNotBeInTheStore() {
        ledger.sent("k6", "c0");
        ledger.conflict("k6", "nothing was appended");

        ledger.judge(observed(), Conflicts.MUST_NOT_BE_STORED).assertClean();

        store.add(new StoredEvent("k6", "c0", 4, "e6", "r6"));
        topic.add(new Published("k6", "c0", 4, "e6", 0, 6));
        queryCounts.put("c0", 4L);
        rankingCount = 7;
        Verdict verdict = ledger.judge(observed(), Conflicts.MUST_NOT_BE_STORED);

        assertThat(verdict.failures()).singleElement().asString()
                .startsWith("k6 refused with 409 (nothing appended), yet stored as c0#4");
    }

    @Test
    void anyOtherFinalAnswerIsAFailure() {
        ledger.sent("k6", "c0");
        ledger.refused("k6", 500, "{\"title\":\"Internal Server Error\"}");

        assertRedWith(judge(), "failures 1");
    }

    @Test
    void aCommandWithoutAFinalAnswerAndADeadClientAreFailures() {
        ledger.sent("k6", "c0");
        ledger.clientFailed("a load worker", new IllegalStateException("boom"));

        Verdict verdict = judge();

        assertThat(verdict.failures()).containsExactlyInAnyOrder("a load worker: java.lang.IllegalStateException: boom",
                "k6 was sent and never answered finally");
    }

    @Test
    void catchesAHoleInAStream() {
        store.add(new StoredEvent("k6", "c0", 5, "e6", "r6"));
        ledger.sent("k6", "c0");
        ledger.acknowledged("k6", "c0", 5);
        topic.add(new Published("k6", "c0", 5, "e6", 0, 6));
        queryCounts.put("c0", 4L);
        rankingCount = 7;

        Verdict verdict = judge();

        assertThat(verdict.failures()).singleElement().asString().isEqualTo("stream c0 has a hole: 5 after 3");
        assertThat(verdict.outOfOrder()).singleElement().asString().startsWith("c0: 5 after 3");
    }

    @Test
    void aKeyIsOneCommand() {
        assertThatThrownBy(() -> ledger.sent("k0", "c0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.conflict("never-sent", "")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRedWith(Verdict verdict, String count) {
        assertThat(verdict.clean()).isFalse();
        assertThatThrownBy(verdict::assertClean).isInstanceOf(AssertionError.class).hasMessageContaining(count);
    }
}
