package cn.ledger.local.faults;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Records positive entries for a set of cadres from several threads, as a well-behaved client does:
 * every command has an {@code Idempotency-Key} (also sent as its correlation id, so its event can be
 * found in the store), and one answered 503, refused, or still being processed is sent again under the
 * same key — to another ledger-command instance when there are several — until it is answered 201.
 */
final class Load {

    /** A command the ledger answered 2xx: the stream and sequence number it answered with. */
    record Ack(String stream, long sequence, String correlation) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<List<String>> commandUrls;
    private final List<String> cadres;
    private final String prefix;
    private final int total;
    private final int threads;
    private final boolean retry;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Ack> acks = new ArrayList<>();
    private final Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
    private final AtomicLong unavailable = new AtomicLong();
    private final List<String> failures = new ArrayList<>();
    private ExecutorService pool;

    /**
     * @param commandUrls the base URLs of the ledger-command instances currently meant to be up
     * @param retry       whether a refused command is sent again (false: each command is sent once)
     */
    Load(Supplier<List<String>> commandUrls, List<String> cadres, String prefix, int total, int threads,
            boolean retry) {
        this.commandUrls = commandUrls;
        this.cadres = cadres;
        this.prefix = prefix;
        this.total = total;
        this.threads = threads;
        this.retry = retry;
    }

    /** The answers of two loads together (the second started after the first). */
    static Load merged(Load first, Load second) {
        Load both = new Load(first.commandUrls, first.cadres, first.prefix, first.total + second.total, 1, first.retry);
        for (Load load : List.of(first, second)) {
            both.acks.addAll(load.acks());
            both.failures.addAll(load.failures());
            load.refusals().forEach((status, n) -> both.refusals.merge(status, n, Integer::sum));
            both.unavailable.addAndGet(load.unavailableAnswers());
        }
        return both;
    }

    Load start() {
        pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(this::work);
        }
        pool.shutdown();
        return this;
    }

    /** Waits until every command was answered (or given up on after five minutes of refusals). */
    Load awaitDone() {
        try {
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the load did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Waits until at least {@code count} commands were acknowledged. */
    void awaitAcknowledged(int count) {
        while (acknowledged() < Math.min(count, total) && !pool.isTerminated()) {
            sleep(20);
        }
    }

    synchronized int acknowledged() {
        return acks.size();
    }

    synchronized List<Ack> acks() {
        return List.copyOf(acks);
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Answers other than 2xx, by status (0: no answer, connection refused or reset). */
    Map<Integer, Integer> refusals() {
        return Map.copyOf(refusals);
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
                        .header("Authorization", FaultToleranceIT.bearer)
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
                return;
            }
            if (status == 201) {
                JsonNode json = read(answer);
                synchronized (this) {
                    acks.add(new Ack(json.get("streamId").asText(), json.get("sequenceNumber").asLong(), key));
                }
                return;
            }
            refusals.merge(status, 1, Integer::sum);
            if (status == 409 && answer.contains("already exists")) {
                // the command's own retry inside ledger-command found its first attempt recorded: the commit
                // went through but its answer was lost with the connection; stored once, not acknowledged
                return;
            }
            if (status == 503) {
                unavailable.incrementAndGet();
            }
            boolean retryable = status == 0 || status == 503 || status == 409 && answer.contains("being processed");
            if (!retry || !retryable || System.nanoTime() > deadline) {
                synchronized (this) {
                    failures.add(key + " → " + status + " " + answer);
                }
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
        }
    }
}
