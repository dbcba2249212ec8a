package cn.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Waiting for applied positions: woken by a commit, bounded, and never more waiters than allowed. */
class AppliedPositionsTest {

    /** stream_position as a map the test moves. */
    final Map<String, Long> stored = new ConcurrentHashMap<>();
    final StreamStates states = new StreamStates(new JdbcTemplate()) {
        @Override
        public Map<String, Long> appliedSequences(Collection<String> streams) {
            Map<String, Long> found = new HashMap<>();
            streams.forEach(s -> {
                if (stored.containsKey(s)) {
                    found.put(s, stored.get(s));
                }
            });
            return found;
        }
    };
    // waits up to an hour and rechecks every hour: only a commit told to it can wake a waiter in time here
    final AppliedPositions positions = new AppliedPositions(states, Duration.ofHours(1), 1, Duration.ofHours(1));

    @AfterEach
    void close() {
        positions.close();
    }

    @Test
    void aPositionAlreadyAppliedIsAnsweredAtOnce() {
        stored.put("c-1", 4L);
        AppliedPositions.Outcome outcome = positions.await(Map.of("c-1", 3L), Duration.ofHours(1));
        assertThat(outcome.reached()).isTrue();
        assertThat(outcome.applied()).containsEntry("c-1", 4L);
    }

    @Test
    void aWaiterIsWokenByTheCommitThatAppliesItsPosition() throws Exception {
        CompletableFuture<AppliedPositions.Outcome> waiting = CompletableFuture.supplyAsync(
                () -> positions.await(Map.of("c-2", 5L, "u-2", 0L), Duration.ofHours(1)));
        org.awaitility.Awaitility.await().until(() -> positions.waiting() == 1);

        stored.put("c-2", 4L);
        positions.committed(Map.of("c-2", 4L));
        stored.put("u-2", 0L);
        positions.committed(Map.of("u-2", 0L));
        assertThat(waiting).isNotDone();

        stored.put("c-2", 6L);
        positions.committed(Map.of("c-2", 6L));
        AppliedPositions.Outcome outcome = waiting.get(30, TimeUnit.SECONDS);
        assertThat(outcome.reached()).isTrue();
        assertThat(outcome.applied()).containsEntry("c-2", 6L).containsEntry("u-2", 0L);
        assertThat(positions.waiting()).isZero();
    }

    @Test
    void aPositionNeverAppliedIsAnsweredUnreachedOnceTheWaitHasPassed() {
        AppliedPositions.Outcome outcome = positions.await(Map.of("c-3", 1_000L), Duration.ofMillis(50));
        assertThat(outcome.reached()).isFalse();
        assertThat(outcome.applied()).containsEntry("c-3", -1L);
        assertThat(positions.waiting()).isZero();
    }

    @Test
    void oneWaiterMoreThanAllowedIsRefusedAtOnce() throws Exception {
        CompletableFuture<AppliedPositions.Outcome> first = CompletableFuture.supplyAsync(
                () -> positions.await(Map.of("c-4", 0L), Duration.ofHours(1)));
        org.awaitility.Awaitility.await().until(() -> positions.waiting() == 1);

        assertThatThrownBy(() -> positions.await(Map.of("c-5", 0L), Duration.ofHours(1)))
                .isInstanceOf(AppliedPositions.TooManyWaiters.class);

        stored.put("c-4", 0L);
        positions.committed(Map.of("c-4", 0L));
        assertThat(first.get(30, TimeUnit.SECONDS).reached()).isTrue();
    }
}
