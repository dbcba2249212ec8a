package cn.ledger.local.faults;

import cn.ledger.local.harness.CommandLedger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Records positive entries for a set of cadres from several threads, as a well-behaved client does:
 * every command has an {@code Idempotency-Key} (also sent as its correlation id, so its event can be
 * found in the store and on the topic), and one answered 503, refused, or still being processed is sent
 * again under the same key — to another ledger-command instance when there are several — until it is
 * answered 201. Every command and its final answer go into a {@link CommandLedger}, which judges them
 * against what was stored; a worker that dies is a failure of the run, not a silent loss of its commands.
 */
final class Load {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final CommandLedger ledger;
    private final Supplier<List<String>> commandUrls;
    private final String bearer;
    private final List<String> cadres;
    private final String prefix;
    private final int total;
    private final int threads;
    private final boolean retry;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
    private final AtomicLong unavailable = new AtomicLong();
    private final List<Future<?>> workers = new ArrayList<>();
    private ExecutorService pool;

    /**
     * @param ledger      where every command and its final answer are recorded
     * @param commandUrls the base URLs of the ledger-command instances currently meant to be up
     * @param retry       whether a refused command is sent again (false: each command is sent once)
     */
    Load(CommandLedger ledger, Supplier<List<String>> commandUrls, String bearer, List<String> cadres, String prefix,
            int total, int threads, boolean retry) {
        this.ledger = ledger;
        this.commandUrls = commandUrls;
        this.bearer = bearer;
        this.cadres = cadres;
        this.prefix = prefix;
        this.total = total;
        this.threads = threads;
        this.retry = retry;
    }

    Load start() {
        pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(this::work));
        }
        pool.shutdown();
        return this;
    }

    /**
     * Waits until every worker has finished; a worker that threw, or commands left unsent, are recorded
     * in the ledger as client failures (and so fail the judgement).
     */
    Load awaitDone() {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        for (Future<?> worker : workers) {
            try {
                worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                ledger.clientFailed("a load worker of " + prefix + " died", e.getCause());
            } catch (TimeoutException e) {
                ledger.clientFailed("a load worker of " + prefix + " did not finish within 10 minutes", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (answered.get() < total) {
            ledger.clientFailed(prefix, new IllegalStateException((total - answered.get()) + " of " + total
                    + " commands never got a final answer"));
        }
        return this;
    }

    /** Waits until at least {@code count} commands were acknowledged, or every worker has stopped. */
    void awaitAcknowledged(int count) {
        while (acknowledged.get() < Math.min(count, total) && !pool.isTerminated()) {
            sleep(20);
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Answers other than 2xx, by status (0: no answer, connection refused or reset), retried ones included. */
    Map<Integer, Integer> refusals() {
        return Map.copyOf(refusals);
    }

    long refusalCount() {
        return refusals.values().stream().mapToLong(Integer::longValue).sum();
    }

    long unavailableAnswers() {
        return unavailable.get();
    }

    private void work() {
        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            send(i);
        }
    }

    private void send(int i) {
        String cadre = cadres.get(i % cadres.size());
        String key = prefix + "k" + i;
        ledger.sent(key, cadre);
        String body = "{\"polarity\":\"POSITIVE\",\"aspect\":\"经济运行\",\"points\":1,\"summary\":\"负载\","
                + "\"effectiveDate\":\"2023-09-15\"}";
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        for (int attempt = 0; ; attempt++) {
            List<String> urls = commandUrls.get();
            String url = urls.get((i + attempt) % urls.size()) + "/api/v1/cadres/" + cadre + "/entries";
            int status;
            String answer;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", bearer)
                        .header("Idempotency-Key", key)
                        .header("X-Correlation-Id", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                status = 0;
                answer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending " + key, e);
            }
            if (status == 201) {
                JsonNode json = read(answer);
                ledger.acknowledged(key, json.get("streamId").asText(), json.get("sequenceNumber").asLong());
                acknowledged.incrementAndGet();
                answered.incrementAndGet();
                return;
            }
            refusals.merge(status, 1, Integer::sum);
            if (status == 409 && answer.contains("already exists")) {
                // stored once with its answer lost, or refused with nothing appended: only the store can tell
                ledger.conflict(key, answer);
                answered.incrementAndGet();
                return;
            }
            if (status == 503) {
                unavailable.incrementAndGet();
            }
            boolean retryable = status == 0 || status == 503 || status == 409 && answer.contains("being processed");
            if (!retry || !retryable || System.nanoTime() > deadline) {
                ledger.refused(key, status, answer);
                answered.incrementAndGet();
                return;
            }
            sleep(status == 0 ? 100 : 250);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
