package io.vaultstream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionPipelineTest {

    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("g");
    private static final TopicPartition TP = new TopicPartition("commands", 0);

    /** What happened, in order, across both producers and threads. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Gated first = new Gated("p0");
    private final Gated second = new Gated("p1");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransactionPipeline pipeline = new TransactionPipeline(List.of(first, second), new ProcessorMetrics(registry));

    @AfterEach
    void releaseAndClose() {
        first.gate.countDown();
        second.gate.countDown();
        pipeline.close();
    }

    @Test
    void theNextTransactionFillsTheOtherProducerWhileTheFirstCommits() {
        pipeline.initTransactions();
        first.blockCommits();
        pipeline.send(record("a"));
        pipeline.commitAsync(offsets(1), GROUP);

        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("p0 commit started"));
        assertThat(pipeline.isCommitting()).isTrue();
        pipeline.send(record("b"));
        assertThat(second.uncommittedRecords()).extracting(ProducerRecord::key).containsExactly("b");
        assertThat(first.transactionCommitted()).isFalse();

        first.gate.countDown();
        assertThat(pipeline.awaitCommitted()).isTrue();
        assertThat(first.transactionCommitted()).isTrue();
        assertThat(first.consumerGroupOffsetsHistory()).containsExactly(Map.of("g", offsets(1)));
        assertThat(pipeline.isOpen()).as("b is in the second producer's open transaction").isTrue();
        assertThat(registry.get("vaultstream.processor.commit.duration").timer().count()).isEqualTo(1);

        pipeline.commitAsync(offsets(2), GROUP);
        assertThat(pipeline.awaitCommitted()).isTrue();
        assertThat(second.consumerGroupOffsetsHistory()).containsExactly(Map.of("g", offsets(2)));
    }

    @Test
    void aRecordWhoseKeyIsStillCommittingWaitsForThatCommit() {
        pipeline.initTransactions();
        first.blockCommits();
        pipeline.send(record("k"));
        pipeline.commitAsync(offsets(1), GROUP);
        CompletableFuture<Void> again = CompletableFuture.runAsync(() -> pipeline.send(record("k")));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !again.isDone());
        assertThat(second.uncommittedRecords()).isEmpty();
        first.gate.countDown();
        again.join();
        assertThat(second.uncommittedRecords()).extracting(ProducerRecord::key).containsExactly("k");
        assertThat(events).containsSubsequence("p0 commit done", "p1 send k");
    }

    @Test
    void anOtherKeyDoesNotWait() {
        pipeline.initTransactions();
        first.blockCommits();
        pipeline.send(record("k"));
        pipeline.commitAsync(offsets(1), GROUP);
        pipeline.send(record("other"));
        assertThat(second.uncommittedRecords()).extracting(ProducerRecord::key).containsExactly("other");
        assertThat(events).doesNotContain("p0 commit done");
    }

    @Test
    void aFailedCommitIsAbortedAndReportedUntilEverythingIsAborted() {
        pipeline.initTransactions();
        first.commitTransactionException = new KafkaException("coordinator moved");
        pipeline.send(record("a"));
        pipeline.commitAsync(offsets(1), GROUP);
        pipeline.send(record("b"));

        assertThat(pipeline.awaitCommitted()).isFalse();
        assertThat(first.transactionAborted()).isTrue();
        assertThat(pipeline.awaitCommitted()).as("the failure stays until the engine replays").isFalse();
        pipeline.abortAll();
        assertThat(second.transactionAborted()).as("b's transaction covers offsets after a's: aborted too").isTrue();
        assertThat(pipeline.isOpen()).isFalse();
        assertThat(pipeline.awaitCommitted()).isTrue();
    }

    @Test
    void commitNowWaitsForTheRunningCommitAndCommitsInOrder() {
        pipeline.initTransactions();
        pipeline.send(record("a"));
        pipeline.commitAsync(offsets(1), GROUP);
        pipeline.send(record("b"));
        assertThat(pipeline.commitNow(offsets(2), GROUP)).isTrue();
        assertThat(events).containsSubsequence("p0 commit done", "p1 commit started", "p1 commit done");
        assertThat(second.consumerGroupOffsetsHistory()).containsExactly(Map.of("g", offsets(2)));
        assertThat(pipeline.isOpen()).isFalse();
    }

    @Test
    void commitNowAfterAFailedCommitAbortsTheOpenTransaction() {
        pipeline.initTransactions();
        first.commitTransactionException = new KafkaException("timed out");
        pipeline.send(record("a"));
        pipeline.commitAsync(offsets(1), GROUP);
        pipeline.send(record("b"));
        assertThat(pipeline.commitNow(offsets(2), GROUP)).isFalse();
        assertThat(second.transactionAborted()).isTrue();
        assertThat(second.consumerGroupOffsetsHistory()).isEmpty();
    }

    @Test
    void fencingIsFatalNotAReplay() {
        pipeline.initTransactions();
        first.commitTransactionException = new ProducerFencedException("a successor took over");
        pipeline.send(record("a"));
        pipeline.commitAsync(offsets(1), GROUP);
        assertThatThrownBy(pipeline::awaitCommitted).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void offsetsAloneMakeATransactionToo() {
        pipeline.initTransactions();
        pipeline.commitAsync(offsets(5), GROUP);
        assertThat(pipeline.awaitCommitted()).isTrue();
        assertThat(first.consumerGroupOffsetsHistory()).containsExactly(Map.of("g", offsets(5)));
    }

    @Test
    void theSecondProducerHasItsOwnTransactionalAndClientId() {
        assertThat(TransactionPipeline.transactionalIds(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "proc-7")))
                .containsExactly("proc-7", "proc-7.alt");
    }

    private static ProducerRecord<String, byte[]> record(String key) {
        return new ProducerRecord<>("results", key, new byte[] {1});
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long offset) {
        return Map.of(TP, new OffsetAndMetadata(offset, "v1:"));
    }

    /** A mock producer whose commits can be held, and that writes down what it did. */
    private final class Gated extends MockProducer<String, byte[]> {
        final String name;
        volatile CountDownLatch gate = new CountDownLatch(0);

        Gated(String name) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.name = name;
        }

        void blockCommits() {
            gate = new CountDownLatch(1);
        }

        @Override
        public void commitTransaction() {
            events.add(name + " commit started");
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.commitTransaction();
            events.add(name + " commit done");
        }

        @Override
        public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            events.add(name + " send " + record.key());
            return super.send(record);
        }
    }
}
