package cn.ledger.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ledger.local.harness.CommandLedger;
import cn.ledger.local.harness.CommandLedger.Conflicts;
import cn.ledger.local.harness.CommandLedger.Observations;
import cn.ledger.local.harness.CommandLedger.Published;
import cn.ledger.local.harness.CommandLedger.ReadModel;
import cn.ledger.local.harness.CommandLedger.StoredEvent;
import cn.ledger.local.harness.CommandLedger.Verdict;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reliability run's client and judge together, against a double of ledger-command that is broken on
 * purpose: it answers over HTTP as ledger-command does, but drops a command after its 201, stores one
 * twice, answers 409 "already exists" for a command it never stored, or 500. The load records what it
 * was answered, the double's own store is observed, and the verdict must name each defect.
 */
class LoadTest {

    /** What the double does with the n-th request it receives for a key (0: the first). */
    interface Behaviour {
        Answer answer(String key, int attempt);
    }

    enum Answer { STORE_AND_201, DROP_AND_201, STORE_AND_503, CONFLICT_WITHOUT_STORING, SERVER_ERROR }

    private HttpServer server;
    private final List<StoredEvent> store = new ArrayList<>();
    private final Map<String, Long> streamLength = new HashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String start(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/cadres/", exchange -> handle(exchange, behaviour));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, Behaviour behaviour) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String stream = exchange.getRequestURI().getPath().split("/")[4];
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        Answer answer = behaviour.answer(key, attempt);
        long sequence;
        synchronized (this) {
            sequence = streamLength.merge(stream, 1L, Long::sum);
            if (answer == Answer.STORE_AND_201 || answer == Answer.STORE_AND_503) {
                store.add(new StoredEvent(key, stream, sequence, "e-" + stream + "-" + sequence, "r-" + key + "-" + attempt));
            } else {
                streamLength.merge(stream, -1L, Long::sum);
            }
        }
        switch (answer) {
            case STORE_AND_201, DROP_AND_201 -> reply(exchange, 201,
                    "{\"streamId\":\"" + stream + "\",\"sequenceNumber\":" + sequence + "}");
            case STORE_AND_503 -> reply(exchange, 503, "{\"type\":\"urn:ledger:problem:unavailable\"}");
            case CONFLICT_WITHOUT_STORING -> reply(exchange, 409,
                    "{\"detail\":\"The record already exists or was changed concurrently; nothing was appended\"}");
            case SERVER_ERROR -> reply(exchange, 500, "{\"title\":\"Internal Server Error\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** The double's store, published in order and applied once by two read models that count what is stored. */
    private synchronized Observations observed() {
        List<Published> topic = new ArrayList<>();
        Set<String> events = new HashSet<>();
        Map<String, Long> perStream = new HashMap<>();
        store.stream().sorted(java.util.Comparator.comparing(StoredEvent::stream).thenComparing(StoredEvent::sequence))
                .forEach(e -> {
                    topic.add(new Published(e.key(), e.stream(), e.sequence(), e.eventId(), 0, topic.size()));
                    events.add(e.eventId());
                    perStream.merge(e.stream(), 1L, Long::sum);
                });
        Function<StoredEvent, String> all = e -> "all";
        return new Observations(store, topic, List.of(
                new ReadModel("ledger-query", events, StoredEvent::eventId, perStream, StoredEvent::stream),
                new ReadModel("ranking-projector", events, StoredEvent::eventId, Map.of("all", (long) store.size()), all)));
    }

    private Verdict run(Behaviour behaviour) throws IOException {
        String url = start(behaviour);
        CommandLedger ledger = new CommandLedger();
        new Load(ledger, () -> List.of(url), "Bearer test", List.of("c0", "c1", "c2"), "t-", 30, 4, true)
                .start().awaitDone();
        return ledger.judge(observed(), Conflicts.MUST_BE_STORED);
    }

    @Test
    void aHealthyDoubleIsJudgedClean() throws IOException {
        Verdict verdict = run((key, attempt) -> Answer.STORE_AND_201).assertClean();

        assertThat(verdict.acknowledged()).isEqualTo(30);
        assertThat(verdict.stored()).isEqualTo(30);
    }

    @Test
    void aCommandDroppedAfterIts201IsLost() throws IOException {
        Verdict verdict = run((key, attempt) -> key.equals("t-k7") ? Answer.DROP_AND_201 : Answer.STORE_AND_201);

        assertThat(verdict.lost()).singleElement().asString().startsWith("t-k7: answered 2xx");
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void aCommandStoredAndThenStoredAgainOnItsRetryIsStoredTwice() throws IOException {
        Verdict verdict = run((key, attempt) -> key.equals("t-k3") && attempt == 0 ? Answer.STORE_AND_503
                : Answer.STORE_AND_201);

        assertThat(verdict.storedTwice()).singleElement().asString().startsWith("t-k3 stored 2 times");
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void a409AlreadyExistsForACommandNeverStoredIsLostNotStoredOnce() throws IOException {
        Verdict verdict = run((key, attempt) -> key.equals("t-k11") ? Answer.CONFLICT_WITHOUT_STORING
                : Answer.STORE_AND_201);

        assertThat(verdict.conflicts()).isEqualTo(1);
        assertThat(verdict.lost()).singleElement().asString().startsWith("t-k11: answered 409");
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void aServerErrorIsAFailure() throws IOException {
        Verdict verdict = run((key, attempt) -> key.equals("t-k5") ? Answer.SERVER_ERROR : Answer.STORE_AND_201);

        assertThat(verdict.failures()).singleElement().asString().startsWith("t-k5 answered 500");
        assertThat(verdict.clean()).isFalse();
    }

    @Test
    void aWorkerThatDiesFailsTheRunInsteadOfDroppingItsCommands() throws IOException {
        String url = start((key, attempt) -> Answer.STORE_AND_201);
        CommandLedger ledger = new CommandLedger();
        AtomicInteger calls = new AtomicInteger();
        new Load(ledger, () -> {
            if (calls.incrementAndGet() == 5) {
                throw new IllegalStateException("the client broke");
            }
            return List.of(url);
        }, "Bearer test", List.of("c0"), "t-", 20, 2, true).start().awaitDone();

        Verdict verdict = ledger.judge(observed(), Conflicts.MUST_BE_STORED);

        assertThat(verdict.failures()).anySatisfy(line -> assertThat(line).contains("died").contains("the client broke"));
        assertThat(verdict.failures()).anySatisfy(line -> assertThat(line).contains("was sent and never answered"));
        assertThat(verdict.clean()).isFalse();
    }
}
