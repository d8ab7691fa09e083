package io.vaultstream.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A closed-loop HTTP load generator for pre-built requests over keep-alive HTTP/1.1 connections, one request
 * in flight per connection: {@link WrkLoad} (wrk, a native process) when {@code wrk} is on the PATH, else
 * {@link HttpLoad} (java.net.http inside the bench's JVM, which then shares the cores with the server).
 */
public interface LoadGenerator {

    /** One pre-built request: method, path (with query), headers in order, body (empty for none). */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {

        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        /** A GET without headers. */
        public static Request get(String path) {
            return new Request("GET", path, Map.of(), new byte[0]);
        }
    }

    /**
     * What one run measured.
     *
     * @param answered        responses received, whatever their status
     * @param seconds         first request sent to last answer received ({@code each}), or the run's length ({@code cycle})
     * @param statuses        responses by HTTP status
     * @param transportErrors connect, read and write errors and requests without an answer in time
     * @param latencyMs       p50, p95, p99, p999 and max in milliseconds, and the count
     * @param generatorCpuSeconds CPU time the generator itself used, NaN when it cannot be told apart
     */
    record Result(long answered, double seconds, Map<Integer, Long> statuses, long transportErrors, Map<String, Object> latencyMs,
            double generatorCpuSeconds) {

        public long ok() {
            return statuses.getOrDefault(200, 0L);
        }

        /** Answers with status 200 per second. */
        public double okPerSecond() {
            return seconds <= 0 ? 0 : ok() / seconds;
        }

        /** Counts by status as text keys, plus {@code transportErrors} when there were any. */
        public Map<String, Object> statusSummary() {
            Map<String, Object> m = new TreeMap<>();
            statuses.forEach((k, v) -> m.put(Integer.toString(k), v));
            if (transportErrors > 0) {
                m.put("transportErrors", transportErrors);
            }
            return m;
        }
    }

    /** Which generator this is, for the report. */
    String description();

    /** Sends every request exactly once, {@code concurrency} at a time, and waits for all answers. */
    Result sendEach(List<Request> requests) throws Exception;

    /** Sends the requests round-robin, {@code concurrency} at a time, for {@code duration}. */
    Result cycle(List<Request> requests, Duration duration) throws Exception;

    /**
     * wrk (one thread, {@code concurrency} connections) when it is on the PATH, else java.net.http; the
     * benches record which one in their report's {@code loadGenerator} parameter.
     *
     * @param base    {@code http://host:port}; requests carry their own paths
     * @param workDir where wrk's request files, script and output go
     */
    static LoadGenerator forBench(URI base, int concurrency, Path workDir) {
        return WrkLoad.executable()
                .<LoadGenerator>map(wrk -> new WrkLoad(wrk, base, concurrency, 1, workDir))
                .orElseGet(() -> new HttpLoad(base, concurrency));
    }
}
