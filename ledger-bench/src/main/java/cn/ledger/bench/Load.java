package cn.ledger.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Load generation. Two shapes:
 *
 * <ul>
 *   <li><b>closed loop</b> — N clients, each sending its next request as soon as the previous one is
 *       answered: the throughput at that concurrency, and the latency each request saw;
 *   <li><b>open loop</b> (fixed rate) — requests are due at fixed intervals whatever the system does,
 *       and each one's latency is measured from the moment it was due, not from when a worker got round
 *       to sending it. A stall therefore shows up in the latency of every request that should have been
 *       sent during it (the correction for coordinated omission that wrk2 makes).
 * </ul>
 *
 * Latencies are recorded in microseconds in HdrHistogram (3 significant digits).
 */
public final class Load {

    private Load() {}

    /** One request; true when it was answered as expected. Runs on the calling thread. */
    @FunctionalInterface
    public interface Operation {
        boolean run(int client) throws Exception;
    }

    /** What a run measured. */
    public record Result(long ok, long failed, double seconds, Histogram latency) {

        public double perSecond() {
            return ok / seconds;
        }

        public double p50Millis() {
            return latency.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Millis() {
            return latency.getValueAtPercentile(99) / 1000.0;
        }

        public double maxMillis() {
            return latency.getMaxValue() / 1000.0;
        }
    }

    static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    }

    /** {@code clients} threads send back to back for {@code warmup} (not recorded), then for {@code duration}. */
    public static Result closedLoop(int clients, Duration warmup, Duration duration, Operation operation) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Histogram h = histogram();
            histograms.add(h);
            futures.add(pool.submit(() -> {
                long ok = 0;
                long failed = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    boolean success = safely(operation, client);
                    long stop = System.nanoTime();
                    if (start >= warmupEnd) {
                        if (success) {
                            ok++;
                            h.recordValue(Math.max(1, (stop - start) / 1000));
                        } else {
                            failed++;
                        }
                    }
                }
                return new long[] {ok, failed};
            }));
        }
        return collect(pool, futures, histograms, duration);
    }

    /**
     * Requests due every {@code 1/rate} seconds for {@code duration}, sent by up to {@code workers}
     * threads; each latency runs from the request's due time to its answer.
     */
    public static Result openLoop(double rate, int workers, Duration duration, Operation operation) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long intervalNanos = (long) (1_000_000_000L / rate);
        long total = (long) (rate * duration.toNanos() / 1e9);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        AtomicLong next = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int client = w;
            Histogram h = histogram();
            histograms.add(h);
            futures.add(pool.submit(() -> {
                long ok = 0;
                long failed = 0;
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        break;
                    }
                    long due = start + i * intervalNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    boolean success = safely(operation, client);
                    long stop = System.nanoTime();
                    if (success) {
                        ok++;
                        h.recordValue(Math.max(1, (stop - due) / 1000));
                    } else {
                        failed++;
                    }
                }
                return new long[] {ok, failed};
            }));
        }
        return collect(pool, futures, histograms, duration);
    }

    private static boolean safely(Operation operation, int client) {
        try {
            return operation.run(client);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static Result collect(ExecutorService pool, List<Future<long[]>> futures, List<Histogram> histograms,
            Duration duration) {
        long ok = 0;
        long failed = 0;
        try {
            for (Future<long[]> f : futures) {
                long[] counts = f.get();
                ok += counts[0];
                failed += counts[1];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Histogram all = histogram();
        histograms.forEach(all::add);
        return new Result(ok, failed, duration.toNanos() / 1e9, all);
    }
}
