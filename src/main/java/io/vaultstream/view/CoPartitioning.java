package io.vaultstream.view;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Start-up check that the view's three input topics have the same partition count: the view
 * merges them without repartitioning, so one key's command, result and notification must land in
 * the same task. Kafka Streams does not check this for a merge.
 */
public final class CoPartitioning {

    private CoPartitioning() {}

    /** Thrown when the input topics are not co-partitioned. */
    public static final class TopicsNotCoPartitionedException extends IllegalStateException {
        TopicsNotCoPartitionedException(Map<String, Integer> counts) {
            super("view input topics must have the same partition count, found " + counts);
        }
    }

    /** Checks the partition counts given (topic -> partitions). */
    public static void require(Map<String, Integer> partitionCounts) {
        if (partitionCounts.values().stream().distinct().count() > 1) {
            throw new TopicsNotCoPartitionedException(new TreeMap<>(partitionCounts));
        }
    }

    /** Describes the options' input topics and checks them. */
    public static void require(Admin admin, ViewTopologyOptions options, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> d = admin.describeTopics(java.util.List.of(options.commandsTopic(),
                options.resultsTopic(), options.notificationsTopic())).allTopicNames().get(timeoutMs,
                TimeUnit.MILLISECONDS);
        Map<String, Integer> counts = new TreeMap<>();
        d.forEach((name, desc) -> counts.put(name, desc.partitions().size()));
        require(counts);
    }
}
