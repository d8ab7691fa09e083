package io.vaultstream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

/**
 * The fallback load generator when wrk is not installed: keeps {@code concurrency} requests in flight over
 * keep-alive HTTP/1.1 connections (java.net.http) and times each one. It runs in the bench's JVM, so its
 * CPU time is not told apart from the bench's (and costs several times wrk's per request).
 */
public final class HttpLoad implements LoadGenerator {

    private final HttpClient client;
    private final URI base;
    private final int concurrency;

    public HttpLoad(URI base, int concurrency) {
        this.base = base;
        this.concurrency = concurrency;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String description() {
        return "java.net.http in the bench JVM (wrk not on PATH), " + concurrency + " in flight";
    }

    @Override
    public Result sendEach(List<Request> requests) throws InterruptedException {
        return run(requests, requests.size(), Long.MAX_VALUE);
    }

    @Override
    public Result cycle(List<Request> requests, Duration duration) throws InterruptedException {
        return run(requests, Integer.MAX_VALUE, System.nanoTime() + duration.toNanos());
    }

    private Result run(List<Request> requests, int count, long endNanos) throws InterruptedException {
        List<HttpRequest> built = requests.stream().map(this::build).toList();
        Percentiles latency = Percentiles.micros();
        Map<Integer, Long> statuses = new TreeMap<>();
        long[] errors = new long[1];
        Semaphore permits = new Semaphore(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < count && System.nanoTime() < endNanos; i++) {
            permits.acquire();
            long sent = System.nanoTime();
            client.sendAsync(built.get(i % built.size()), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                long micros = (System.nanoTime() - sent) / 1000;
                synchronized (latency) {
                    if (e != null) {
                        errors[0]++;
                    } else {
                        statuses.merge(r.statusCode(), 1L, Long::sum);
                        latency.add(micros);
                    }
                }
                permits.release();
            });
        }
        permits.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (latency) {
            return new Result(latency.count(), seconds, statuses, errors[0], latency.summary(), Double.NaN);
        }
    }

    private HttpRequest build(Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(r.path())).timeout(Duration.ofSeconds(30));
        r.headers().forEach(b::header);
        return b.method(r.method(), r.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body()))
                .build();
    }
}
