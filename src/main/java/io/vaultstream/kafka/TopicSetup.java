package io.vaultstream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Creates vaultstream's topics idempotently and checks the partition layout the view relies on. */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_S = 60;

    private TopicSetup() {}

    /** Creates every missing topic; existing topics are left as they are. */
    public static void createTopics(Admin admin, Topics topics, int partitions, short replicationFactor) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topics.Topic<?> t : topics.all()) {
            wanted.add(new NewTopic(t.name(), Optional.of(partitions),
                    replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor)).configs(t.configs()));
        }
        admin.createTopics(wanted).values().forEach((name, future) -> {
            try {
                future.get(TIMEOUT_S, TimeUnit.SECONDS);
                LOG.info("Created topic {} ({} partitions)", name, partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicSetupException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new TopicSetupException("Timed out creating topic " + name + " (is Kafka reachable?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("Interrupted creating topic " + name, e);
            }
        });
    }

    /**
     * Fails when the view's input topics differ in partition count, since one key's command, result
     * and notification must meet in one Streams task.
     */
    public static void requireCoPartitioned(Admin admin, List<Topics.Topic<?>> inputs) {
        List<String> names = inputs.stream().map(Topics.Topic::name).collect(Collectors.toList());
        Map<String, TopicDescription> described;
        try {
            described = describeFreshTopics(admin, names);
        } catch (ExecutionException e) {
            throw new TopicSetupException("Cannot describe topics " + names + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicSetupException("Timed out describing topics " + names + " (is Kafka reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("Interrupted describing topics", e);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        names.forEach(n -> counts.put(n, described.get(n).partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new TopicSetupException("The view's input topics must have the same partition count, but they have "
                    + counts + "; add partitions so they match (kafka-topics --alter --partitions N)", null);
        }
    }

    /**
     * Describes topics; a topic created a moment ago may not have reached every broker's metadata yet,
     * so "unknown topic" is retried for a few seconds before it counts.
     */
    private static Map<String, TopicDescription> describeFreshTopics(Admin admin, List<String> names)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // metadata propagation after create; nothing to await on
            }
        }
    }

    /** Thrown when topics cannot be created or have an unusable layout. */
    public static final class TopicSetupException extends RuntimeException {
        TopicSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
