package io.vaultstream.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP load generator: keeps {@code concurrency} requests in flight over keep-alive HTTP/1.1
 * connections (java.net.http), records each request's latency in microseconds and counts status codes.
 */
public final class HttpLoad {

    private final HttpClient client;
    private final int concurrency;
    private final Percentiles latency = Percentiles.micros();
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final AtomicLong errors = new AtomicLong();
    private long elapsedNanos;

    public HttpLoad(int concurrency) {
        this.concurrency = concurrency;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends the requests {@code requests.apply(0..count-1)} with the configured concurrency and waits for all answers. */
    public HttpLoad run(int count, IntFunction<HttpRequest> requests, boolean record) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            HttpRequest request = requests.apply(i);
            long sent = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long micros = (System.nanoTime() - sent) / 1000;
                synchronized (this) {
                    if (!record) {
                        // warm-up: neither counted nor timed
                    } else if (e != null) {
                        errors.incrementAndGet();
                    } else {
                        statuses.merge(r.statusCode(), 1L, Long::sum);
                        latency.add(micros);
                    }
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);
        permits.release(concurrency);
        if (record) {
            elapsedNanos += System.nanoTime() - start;
        }
        return this;
    }

    /** Like {@link #run} for a duration instead of a count; returns how many were sent. */
    public int runFor(Duration duration, IntFunction<HttpRequest> requests) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int i = 0;
        while (System.nanoTime() < end) {
            permits.acquire();
            HttpRequest request = requests.apply(i++);
            long sent = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long micros = (System.nanoTime() - sent) / 1000;
                synchronized (this) {
                    if (e != null) {
                        errors.incrementAndGet();
                    } else {
                        statuses.merge(r.statusCode(), 1L, Long::sum);
                        latency.add(micros);
                    }
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);
        permits.release(concurrency);
        elapsedNanos += System.nanoTime() - start;
        return i;
    }

    /** Recorded answers with status 200 per second of recorded run time. */
    public synchronized double okPerSecond() {
        return elapsedNanos <= 0 ? 0 : statuses.getOrDefault(200, 0L) * 1e9 / elapsedNanos;
    }

    public synchronized Map<String, Object> latency() {
        return latency.summary();
    }

    public synchronized Map<String, Object> statuses() {
        Map<String, Object> m = new TreeMap<>();
        statuses.forEach((k, v) -> m.put(Integer.toString(k), v));
        if (errors.get() > 0) {
            m.put("transportErrors", errors.get());
        }
        return m;
    }

    public HttpClient client() {
        return client;
    }
}
