package io.vaultstream.processor;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two transactional producers used in turn, so that committing never holds up the poll thread: while one
 * producer commits its transaction (results, dead letters, offsets with their metadata) on the committer
 * thread, the poll thread writes the next transaction's records to the other.
 *
 * <p>Why this keeps exactly-once: every transaction still carries its records and the offsets that cover them.
 * Commits run one at a time, in order, and a transaction's offsets go to the group coordinator only after the
 * previous commit was decided; the coordinator keeps the offset commit appended last, even when the two
 * transactions' markers land out of order. When a commit fails, the transaction that follows it is aborted too
 * and the engine replays from the committed offsets. A record whose key is in the transaction still committing
 * waits for that commit, so results of one key stay in order on the topic.
 *
 * <p>Not thread-safe: the poll thread calls every method; the committer thread only runs {@link #commit}.
 */
final class TransactionPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionPipeline.class);
    /** Suffix of the second producer's transactional id. */
    static final String SECOND_ID_SUFFIX = ".alt";

    private final List<Producer<String, byte[]>> producers;
    private final ProcessorMetrics metrics;
    private final ExecutorService committer;
    private int current;
    private boolean open;
    private Set<String> openKeys = new HashSet<>();
    private Set<String> committingKeys = Set.of();
    private Future<Boolean> committing;
    /** A commit failed and was aborted; the engine has not replayed yet ({@link #abortAll()} clears it). */
    private boolean failed;

    /**
     * @param producerProps settings incl. the instance's {@code transactional.id}; the second producer's id and
     *                      client id get {@value #SECOND_ID_SUFFIX}
     */
    TransactionPipeline(Map<String, Object> producerProps, ProcessorMetrics metrics) {
        this(transactionalIds(producerProps).stream().<Producer<String, byte[]>>map(id -> {
            Map<String, Object> p = new HashMap<>(producerProps);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            Object clientId = producerProps.get(ProducerConfig.CLIENT_ID_CONFIG);
            if (clientId != null && !id.equals(producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG))) {
                p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + SECOND_ID_SUFFIX);
            }
            return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }).toList(), metrics);
    }

    /** With two producers made elsewhere (tests). */
    TransactionPipeline(List<Producer<String, byte[]>> producers, ProcessorMetrics metrics) {
        if (producers.size() != 2) {
            throw new IllegalArgumentException("two producers, got " + producers.size());
        }
        this.producers = List.copyOf(producers);
        this.metrics = metrics;
        this.committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vaultstream-processor-commit");
            t.setDaemon(true);
            return t;
        });
    }

    /** The instance's transactional id and the second producer's. */
    static List<String> transactionalIds(Map<String, Object> producerProps) {
        String id = String.valueOf(producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        return List.of(id, id + SECOND_ID_SUFFIX);
    }

    /** Fences predecessors with the same ids and aborts their open transactions. */
    void initTransactions() {
        producers.forEach(Producer::initTransactions);
    }

    /** Sends a record in the open transaction (beginning one if needed). */
    void send(ProducerRecord<String, byte[]> record) {
        if (record.key() != null && committingKeys.contains(record.key())) {
            // if that commit failed, this record goes into a transaction the engine aborts when it sees the failure
            awaitCommitted();
        }
        begin();
        if (record.key() != null) {
            openKeys.add(record.key());
        }
        producers.get(current).send(record);
    }

    boolean isOpen() {
        return open;
    }

    /** True while a transaction is committing on the committer thread. */
    boolean isCommitting() {
        return committing != null && !committing.isDone();
    }

    /**
     * Waits for the commit on the committer thread, if any.
     *
     * @return false when a commit failed and was aborted since the last {@link #abortAll()} (the engine must
     *         abort the open transaction too and replay)
     * @throws KafkaException the fatal errors (fenced, out of order, unsupported, not authorized)
     */
    boolean awaitCommitted() {
        if (committing == null) {
            return !failed;
        }
        try {
            if (!committing.get()) {
                failed = true;
            }
            return !failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException("commit failed", e.getCause());
        } finally {
            committing = null;
            committingKeys = Set.of();
        }
    }

    /**
     * Hands the open transaction with these offsets to the committer thread and switches producers. The caller
     * has made sure no commit is running ({@link #isCommitting()}, then {@link #awaitCommitted()}).
     */
    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (committing != null) {
            throw new IllegalStateException("a commit is still running");
        }
        begin();
        Producer<String, byte[]> producer = producers.get(current);
        committingKeys = openKeys;
        openKeys = new HashSet<>();
        open = false;
        current = 1 - current;
        committing = committer.submit(() -> commit(producer, offsets, group));
    }

    /**
     * Commits the open transaction with these offsets on this thread, after the running commit.
     *
     * @return false when a commit failed and was aborted (the engine replays)
     */
    boolean commitNow(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (!awaitCommitted()) {
            abortOpen();
            return false;
        }
        begin();
        open = false;
        openKeys.clear();
        return commit(producers.get(current), offsets, group);
    }

    /** Waits for a running commit (its failure no longer matters) and aborts the open transaction. */
    void abortAll() {
        try {
            awaitCommitted();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("commit failed while aborting: {}", e.toString());
        }
        abortOpen();
        failed = false;
    }

    private void abortOpen() {
        if (!open) {
            return;
        }
        open = false;
        openKeys.clear();
        try {
            producers.get(current).abortTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("abort failed: {}", e.toString());
        }
    }

    private void begin() {
        if (!open) {
            producers.get(current).beginTransaction();
            open = true;
        }
    }

    private boolean commit(Producer<String, byte[]> producer, Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        long started = System.nanoTime();
        try {
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | UnsupportedVersionException
                | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("transaction failed ({}); aborting and replaying from the last commit", e.toString());
            try {
                producer.abortTransaction();
            } catch (ProducerFencedException | InvalidProducerEpochException fenced) {
                throw fenced;
            } catch (KafkaException a) {
                LOG.warn("abort failed: {}", a.toString());
            }
            return false;
        }
        metrics.commit(offsets.size(), System.nanoTime() - started);
        return true;
    }

    /** Closes the producers; a running commit finishes first (bounded by the producers' own timeouts). */
    @Override
    public void close() {
        committer.shutdown();
        for (Producer<String, byte[]> p : producers) {
            try {
                p.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("closing a producer failed: {}", e.toString());
            }
        }
    }
}
