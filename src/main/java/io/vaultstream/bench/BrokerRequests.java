package io.vaultstream.bench;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded broker's request counts by API (its {@code kafka.network:type=RequestMetrics,name=RequestsPerSec}
 * meters, read from this JVM's MBean server): what the broker's CPU per command is spent answering.
 */
final class BrokerRequests {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private Map<String, Long> start = Map.of();

    BrokerRequests start() {
        start = counts();
        return this;
    }

    /** Requests per unit of work since {@link #start()} by API, largest first, plus {@code total}. */
    Map<String, Object> perUnitSinceStart(long units) {
        Map<String, Long> end = counts();
        Map<String, Long> delta = new HashMap<>();
        end.forEach((api, n) -> delta.put(api, n - start.getOrDefault(api, 0L)));
        double u = Math.max(1, units);
        Map<String, Object> out = new LinkedHashMap<>();
        delta.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), ProcessorBench.round3(e.getValue() / u)));
        out.put("total", ProcessorBench.round3(delta.values().stream().mapToLong(Long::longValue).sum() / u));
        return out;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                String api = name.getKeyProperty("request");
                if (api.equals("FetchConsumer") || api.equals("FetchFollower")) {
                    continue; // the same requests again, split by who fetches
                }
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number n) {
                    counts.merge(api, n.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the broker's request metrics: " + e.getMessage(), e);
        }
        return counts;
    }
}
