package io.vaultstream.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.vaultstream.antom.AntomAction;
import io.vaultstream.antom.AntomClassifier;
import io.vaultstream.antom.AntomClient;
import io.vaultstream.antom.AntomOutcome;
import io.vaultstream.antom.Card;
import io.vaultstream.antom.InvalidRequestException;
import io.vaultstream.antom.VaultPaymentMethodRequest;
import io.vaultstream.antom.Violation;
import io.vaultstream.crypto.CardCipher;
import io.vaultstream.crypto.CardDecryptionException;
import io.vaultstream.events.DeadLetter;
import io.vaultstream.events.VaultCommand;
import io.vaultstream.events.VaultResult;
import io.vaultstream.kafka.Topics;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command processor's engine: one poll thread owns the consumer and the {@link TransactionPipeline} and
 * drives the per-partition {@link OffsetTracker}s and {@link KeyScheduler}s, the {@link RetryQueue}, the
 * {@link RateLimiter} and the {@link CircuitBreaker}. Workers decrypt, validate and sign; the async HTTP
 * client calls Antom; both hand completions back through a queue. Every commit interval one transaction
 * carries the results, dead letters, offsets and the finished-above-committed metadata; it commits on the
 * pipeline's own thread while the poll thread fills the next one.
 */
public final class ProcessorEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorEngine.class);
    private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);
    /** Upper bound of the default producer linger (the commit interval). */
    private static final long MAX_DEFAULT_LINGER_MS = 1_000;

    private final ProcessorOptions options;
    private final Topics topics;
    private final Map<String, Object> consumerProps;
    private final Map<String, Object> producerProps;
    private final AntomClient antom;
    private final CardCipher cipher;
    private final Clock clock;
    private final ProcessorMetrics metrics;
    private final ExecutorService workers;
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final SplittableRandom jitter = new SplittableRandom();
    /** Once a period an INFO line counts the finished commands by outcome; each command's own line is DEBUG. */
    private final OutcomeSummary summary;

    // poll-thread state
    private final Map<TopicPartition, PartitionState> partitions = new LinkedHashMap<>();
    private final RetryQueue<Job> retries = new RetryQueue<>();
    private final List<Job> parked = new ArrayList<>();
    private final RateLimiter rateLimiter;
    private final CircuitBreaker breaker;
    private KafkaConsumer<byte[], byte[]> consumer;
    private TransactionPipeline transactions;
    private Deserializer<VaultCommand> commandDeserializer;
    private Serializer<VaultResult> resultSerializer;
    private Serializer<DeadLetter> deadLetterSerializer;
    private long lastCommitMillis;
    private long epochs;
    private boolean pausedForMemory;
    private long nextProbeMillis;
    private int rrCursor;

    // shared with other threads
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Dispatched to a worker, not yet handed to the HTTP client: bounded so the rate limit holds at send time. */
    private final AtomicInteger preparing = new AtomicInteger();
    private volatile int buffered;
    private volatile boolean running;
    private volatile boolean abandoned;
    private volatile boolean misconfigured;
    private volatile boolean polling;
    private volatile Throwable failure;
    private volatile CircuitBreaker.State breakerState = CircuitBreaker.State.CLOSED;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    /**
     * @param consumerProps Kafka consumer settings (bootstrap, group.id, pass-through); the engine sets
     *                      deserializers, read_committed and manual commits itself
     * @param producerProps Kafka producer settings incl. {@code transactional.id}; serializers are set here
     */
    public ProcessorEngine(ProcessorOptions options, Topics topics, Map<String, Object> consumerProps, Map<String, Object> producerProps,
            AntomClient antom, CardCipher cipher, MeterRegistry meters, Clock clock) {
        if (producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) == null) {
            throw new IllegalArgumentException("producer settings need a transactional.id");
        }
        this.options = options;
        this.topics = topics;
        this.consumerProps = new HashMap<>(consumerProps);
        this.producerProps = new HashMap<>(producerProps);
        this.antom = antom;
        this.cipher = cipher;
        this.clock = clock;
        this.metrics = new ProcessorMetrics(meters);
        this.summary = new OutcomeSummary(SUMMARY_INTERVAL.toMillis(), clock.millis());
        this.rateLimiter = new RateLimiter(options.rateLimit(), clock);
        this.breaker = new CircuitBreaker(options.breakerFailureThreshold(), options.breakerOpenTime().toMillis(), clock);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.workerThreads(), r -> {
            Thread t = new Thread(r, "vaultstream-processor-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        metrics.gauges(inFlight::get, () -> buffered, retries::size, () -> breakerState.ordinal(), () -> misconfigured ? 1 : 0);
    }

    /** Starts the poll thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, "vaultstream-processor-poll");
        thread.start();
    }

    /** True while the poll thread runs and no fatal error stopped it. */
    public boolean isRunning() {
        return running && failure == null && stopped.getCount() > 0;
    }

    /** True while Antom's answers say our integration is misconfigured (no work is taken). */
    public boolean isMisconfigured() {
        return misconfigured;
    }

    /** Ready: running, joined the group (polling), not misconfigured. */
    public boolean isReady() {
        return isRunning() && polling && !misconfigured;
    }

    /** The fatal error that stopped the engine, or null. */
    public Throwable failure() {
        return failure;
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The transactional producers' settings: idempotent with {@code acks=all}; {@code linger.ms}, unless configured,
     * is the commit interval (at most {@value #MAX_DEFAULT_LINGER_MS} ms). Records become visible only when their
     * transaction commits and a commit sends whatever lingers, so lingering that long costs no visibility and sends
     * fewer, fuller produce requests; beyond a second it gains nothing, and linger.ms + request.timeout.ms must fit
     * in delivery.timeout.ms.
     */
    public static Map<String, Object> transactionalProducerProps(Map<String, Object> configured, ProcessorOptions options) {
        Map<String, Object> pp = new HashMap<>(configured);
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, (int) Math.min(options.commitInterval().toMillis(), MAX_DEFAULT_LINGER_MS));
        return pp;
    }

    private void run() {
        try {
            Map<String, Object> cp = new HashMap<>(consumerProps);
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            cp.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            Map<String, Object> pp = transactionalProducerProps(producerProps, options);
            consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            transactions = new TransactionPipeline(pp, metrics);
            commandDeserializer = topics.commands().valueSerde().deserializer();
            resultSerializer = topics.results().valueSerde().serializer();
            deadLetterSerializer = topics.dlq().valueSerde().serializer();
            // fences a predecessor with the same transactional.id and aborts its open transaction at once
            transactions.initTransactions();
            consumer.subscribe(List.of(topics.commands().name()), new Rebalance());
            LOG.info("processor started transactionalId={} topic={} options={}", producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG),
                    topics.commands().name(), options);
            while (running) {
                iterate();
            }
            if (!abandoned) {
                commit(true);
                String last = summary.take(clock.millis());
                if (last != null) {
                    LOG.info(last);
                }
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            failure = e;
            LOG.error("processor fenced: another instance took over transactional id {}; stopping",
                    producerProps.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            if (running) {
                failure = e;
            }
        } catch (Throwable t) {
            failure = t;
            LOG.error("processor stopped by an unexpected error", t);
        } finally {
            running = false;
            if (!abandoned) {
                closeClients();
            }
            workers.shutdownNow();
            stopped.countDown();
        }
    }

    private void closeClients() {
        try {
            if (consumer != null) {
                consumer.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed: {}", e.toString());
        }
        try {
            if (transactions != null) {
                transactions.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("closing the producers failed: {}", e.toString());
        }
    }

    private void iterate() {
        drainCompletions();
        long now = clock.millis();
        for (Job job : retries.pollDue(now)) {
            PartitionState ps = owner(job);
            if (ps != null) {
                ps.ready.addFirst(job);
            }
        }
        probeIfMisconfigured(now);
        dispatch();
        applyBackpressure();
        commit(false);
        logSummary(now);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(pollTimeoutMillis()));
        polling = true;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            onRecord(r);
        }
        updateBuffered();
    }

    private void logSummary(long now) {
        String line = summary.takeIfDue(now);
        if (line != null) {
            LOG.info(line);
        }
    }

    private long pollTimeoutMillis() {
        if (!completions.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        long wait = Math.max(1, commitIntervalMillis() - (now - lastCommitMillis));
        if (inFlight.get() > 0) {
            wait = Math.min(wait, 2); // completions arrive from other threads; poll often rather than wake the consumer
        }
        long retry = retries.millisUntilNext(now);
        if (retry >= 0) {
            wait = Math.min(wait, Math.max(1, retry));
        }
        if (hasReadyWork()) {
            wait = Math.min(wait, Math.max(1, Math.max(rateLimiter.millisUntilPermit(), breaker.millisUntilProbe())));
        }
        return Math.min(wait, 100);
    }

    private boolean hasReadyWork() {
        if (misconfigured) {
            return false;
        }
        for (PartitionState ps : partitions.values()) {
            if (!ps.ready.isEmpty() && canStart(ps)) {
                return true;
            }
        }
        return false;
    }

    // ---- records in -------------------------------------------------------------------------------

    private void onRecord(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        PartitionState ps = partitions.get(tp);
        if (ps == null) {
            return;
        }
        if (!ps.tracker.received(r.offset())) {
            metrics.skippedOnRestore();
            return;
        }
        String key = readableKey(r.key());
        VaultCommand command;
        try {
            command = commandDeserializer.deserialize(r.topic(), r.value());
            if (command == null) {
                throw new IllegalArgumentException("empty record value");
            }
        } catch (RuntimeException e) {
            // an undecodable record is a per-record event, not a poll failure
            poison(ps, r.offset(), key, null, r.value(), "UndecodableRecord",
                    "record value is not a readable VaultCommand (" + e.getClass().getSimpleName() + ")");
            return;
        }
        String id = command.getVaultingRequestId();
        if (id == null || id.isBlank()) {
            poison(ps, r.offset(), key, command, r.value(), "InvalidCommand", "vaultingRequestId: required");
            return;
        }
        Job job = new Job(tp, r.offset(), ps.epoch, id, command, r.value());
        if (ps.keys.submit(id, job)) {
            ps.ready.addLast(job);
        }
    }

    private static String readableKey(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- dispatch ---------------------------------------------------------------------------------

    private void dispatch() {
        if (misconfigured || partitions.isEmpty()) {
            return;
        }
        List<PartitionState> list = new ArrayList<>(partitions.values());
        int idle = 0;
        int maxPreparing = options.workerThreads() * 2;
        while (inFlight.get() < options.maxInFlight() && preparing.get() < maxPreparing && idle < list.size()) {
            PartitionState ps = list.get(rrCursor++ % list.size());
            if (ps.ready.isEmpty() || !canStart(ps)) {
                idle++;
                continue;
            }
            if (!breaker.allows()) {
                return;
            }
            if (!rateLimiter.tryAcquire()) {
                metrics.rateLimitWait();
                return;
            }
            idle = 0;
            start(ps, ps.ready.pollFirst());
        }
    }

    /** A partition starts new work only while the finished-offset encoding is sure to fit even if all started work finishes. */
    private boolean canStart(PartitionState ps) {
        int budget = (options.maxMetadataChars() - OffsetMetadata.PREFIX.length()) * 3 / 4;
        // a finish can split one unfinished run in three: at most 1 + varint(run) more bytes, plus varint(run) once
        // when the encoding goes from empty to non-empty; runs are shorter than the span plus what may still arrive
        int varint = OffsetMetadata.varintLength(ps.tracker.span() + options.maxBuffered());
        return ps.tracker.encodedRawBytes() + varint + (ps.started + 1) * (1 + varint) <= budget;
    }

    private void start(PartitionState ps, Job job) {
        if (!job.started) {
            job.started = true;
            ps.started++;
            job.firstCallAtMillis = clock.millis();
        }
        job.attempts++;
        breaker.onStart();
        breakerState = breaker.state();
        inFlight.incrementAndGet();
        AntomAction action = job.phase == Decision.Phase.INQUIRY ? AntomAction.INQUIRE_VAULTING : Commands.action(job.command);
        if (action == AntomAction.INQUIRE_VAULTING) {
            metrics.inquiry();
        }
        String webhookUrl = options.webhookPublicUrl();
        preparing.incrementAndGet();
        workers.execute(() -> call(job, action, webhookUrl));
    }

    /** On a worker: build the request (decrypting the card just now), validate, send. Never touches Kafka clients. */
    private void call(Job job, AntomAction action, String webhookUrl) {
        boolean handedOver = false;
        try {
            Object request = action == AntomAction.INQUIRE_VAULTING ? Commands.inquiryFor(job.command)
                    : Commands.toRequest(job.command, cipher, webhookUrl);
            String masked = request instanceof VaultPaymentMethodRequest v && v.paymentMethodDetail() != null
                    && v.paymentMethodDetail().card() != null ? Card.mask(v.paymentMethodDetail().card().cardNo()) : null;
            // AntomClient.call validates the request (and sends nothing when it is invalid): validating here too cost a second pass
            preparing.decrementAndGet();
            handedOver = true;
            antom.call(action, job.key, request).whenComplete((exchange, error) -> {
                if (error instanceof InvalidRequestException invalid) {
                    completions.add(new Completion.Rejected(job, invalid.violations()));
                } else if (error != null) {
                    completions.add(new Completion.Rejected(job, List.of(new Violation("request", "cannot be sent ("
                            + error.getClass().getSimpleName() + ")"))));
                } else {
                    completions.add(new Completion.Answered(job, action, exchange, masked));
                }
            });
        } catch (CardDecryptionException e) {
            completions.add(new Completion.Unreadable(job, e.getMessage()));
        } catch (CommandRejectedException e) {
            completions.add(new Completion.Rejected(job, e.violations()));
        } catch (RuntimeException e) {
            completions.add(new Completion.Unreadable(job, "command cannot be turned into a request (" + e.getClass().getSimpleName() + ")"));
        } finally {
            if (!handedOver) {
                preparing.decrementAndGet();
            }
        }
    }

    // ---- completions ------------------------------------------------------------------------------

    private void drainCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            inFlight.decrementAndGet();
            Job job = c.job();
            PartitionState ps = owner(job);
            if (ps == null) {
                metrics.abandoned();
                continue;
            }
            if (c instanceof Completion.Answered a) {
                onAnswer(ps, job, a);
            } else if (c instanceof Completion.Rejected r) {
                String message = r.violations().toString();
                reject(ps, job, "INVALID_COMMAND", message);
            } else if (c instanceof Completion.Unreadable u) {
                poison(ps, job.offset, job.key, job.command, job.rawValue, "UnreadableCard", u.reason());
                finishJob(ps, job);
            }
        }
    }

    private void onAnswer(PartitionState ps, Job job, Completion.Answered a) {
        if (a.maskedCardNo() != null) {
            job.maskedCardNo = a.maskedCardNo();
        }
        AntomOutcome outcome = AntomClassifier.classify(a.action(), a.exchange());
        metrics.antomLatency(a.action().apiName(), a.exchange().elapsed());
        if (outcome instanceof AntomOutcome.Unknown) {
            breaker.onFailure();
        } else {
            breaker.onSuccess();
        }
        breakerState = breaker.state();
        long now = clock.millis();
        long elapsed = now - job.firstCallAtMillis;
        Decision d = CommandDecider.decide(job.commandType, job.phase, outcome, job.attempts, elapsed, options);
        if (!(outcome instanceof AntomOutcome.Misconfigured) && misconfigured) {
            recovered();
        }
        if (d instanceof Decision.Finish f) {
            if (CommandDecider.UNKNOWN.equals(f.outcome())) {
                job.evidence.add(evidence(job, a, outcome));
            }
            VaultResult result = ResultEvents.result(job, f, outcome, elapsed, clock.instant());
            produceResult(job.key, result);
            metrics.outcome(job.commandType, f.outcome());
            summary.record(f.outcome());
            LOG.debug("command finished vaultingRequestId={} outcome={} code={} attempts={} latencyMs={}", job.key, f.outcome(),
                    f.resultCode(), job.attempts, elapsed);
            finishJob(ps, job);
        } else if (d instanceof Decision.Retry r) {
            job.evidence.add(evidence(job, a, outcome));
            if (r.trafficLimited()) {
                rateLimiter.pause(options.trafficLimitPause().toMillis());
                metrics.trafficLimited();
            }
            job.phase = r.next();
            long backoff = backoff(job.attempts);
            metrics.retry(r.next().name());
            LOG.debug("command retry vaultingRequestId={} attempt={} next={} reason={} backoffMs={}", job.key, job.attempts, r.next(),
                    r.reason(), backoff);
            retries.add(job, now + backoff);
        } else if (d instanceof Decision.Halt h) {
            parked.add(job);
            metrics.misconfiguration(h.resultCode());
            if (!misconfigured) {
                misconfigured = true;
                nextProbeMillis = now + options.misconfiguredProbeInterval().toMillis();
                LOG.error("Antom says our integration is misconfigured (resultCode={}, message={}); the processor takes no work until "
                        + "this is fixed; commands stay on the topic. Check antom.client-id, antom.key-version and the key files.",
                        h.resultCode(), h.resultMessage());
            }
        }
    }

    private static String evidence(Job job, Completion.Answered a, AntomOutcome outcome) {
        return "attempt " + job.attempts + " " + a.action().apiName() + ": " + (outcome instanceof AntomOutcome.Unknown u ? u.reason()
                : outcome.getClass().getSimpleName() + " " + outcome.resultCode());
    }

    private long backoff(int attempts) {
        long cap = Math.min(options.maxBackoff().toMillis(), options.retryBackoff().toMillis() << Math.min(20, Math.max(0, attempts - 1)));
        return 1 + jitter.nextLong(Math.max(1, cap)); // full jitter
    }

    private void probeIfMisconfigured(long now) {
        if (!misconfigured || parked.isEmpty() || now < nextProbeMillis || inFlight.get() > 0) {
            return;
        }
        nextProbeMillis = now + options.misconfiguredProbeInterval().toMillis();
        Job probe = parked.remove(0);
        PartitionState ps = owner(probe);
        if (ps != null) {
            LOG.info("probing whether the Antom integration works again vaultingRequestId={}", probe.key);
            start(ps, probe);
        }
    }

    private void recovered() {
        misconfigured = false;
        LOG.warn("Antom accepts our calls again; the processor resumes taking work");
        for (Job job : parked) {
            PartitionState ps = owner(job);
            if (ps != null) {
                ps.ready.addFirst(job);
            }
        }
        parked.clear();
    }

    private void reject(PartitionState ps, Job job, String code, String message) {
        LOG.warn("command rejected vaultingRequestId={} offset={} reason={}", job.key, job.offset, message);
        VaultResult result = ResultEvents.rejected(job.key, job.command, job.partition.topic(), job.partition.partition(), job.offset, code,
                message, clock.instant());
        produceResult(job.key, result);
        produceDeadLetter(ResultEvents.deadLetter(job.partition.topic(), job.partition.partition(), job.offset, job.key,
                CommandRejectedException.class.getSimpleName(), message, job.rawValue, cipher, clock.instant()));
        metrics.deadLetter("invalid");
        metrics.outcome(job.commandType, CommandDecider.REJECTED);
        summary.record(CommandDecider.REJECTED);
        LOG.debug("command finished vaultingRequestId={} outcome={} code={} attempts={} latencyMs={}", job.key, CommandDecider.REJECTED, code,
                job.attempts, 0);
        finishJob(ps, job);
    }

    /** A record that cannot run: dead letter always, REJECTED result when its key is readable; the offset is finished here. */
    private void poison(PartitionState ps, long offset, String key, VaultCommand command, byte[] raw, String errorClass, String message) {
        TopicPartition tp = ps.tp;
        LOG.warn("poison record topic={} partition={} offset={} vaultingRequestId={} error={} reason={}", tp.topic(), tp.partition(), offset,
                key, errorClass, message);
        produceDeadLetter(ResultEvents.deadLetter(tp.topic(), tp.partition(), offset, key, errorClass, message, raw, cipher, clock.instant()));
        metrics.deadLetter("poison");
        String resultKey = key != null ? key : command != null ? command.getVaultingRequestId() : null;
        if (resultKey != null && !resultKey.isBlank()) {
            produceResult(resultKey, ResultEvents.rejected(resultKey, command, tp.topic(), tp.partition(), offset, errorClass, message,
                    clock.instant()));
            metrics.outcome(command == null ? ResultEvents.UNKNOWN_COMMAND_TYPE : Commands.commandType(command), CommandDecider.REJECTED);
            summary.record(CommandDecider.REJECTED);
        }
        ps.tracker.finish(offset);
    }

    private void finishJob(PartitionState ps, Job job) {
        ps.tracker.finish(job.offset);
        if (job.started) {
            ps.started--;
        }
        Job next = ps.keys.complete(job.key);
        if (next != null) {
            ps.ready.addLast(next);
        }
    }

    private PartitionState owner(Job job) {
        PartitionState ps = partitions.get(job.partition);
        return ps != null && ps.epoch == job.epoch ? ps : null;
    }

    // ---- producing and committing -----------------------------------------------------------------

    private void produceResult(String key, VaultResult result) {
        String topic = topics.results().name();
        transactions.send(new ProducerRecord<>(topic, key, resultSerializer.serialize(topic, result)));
    }

    private void produceDeadLetter(DeadLetter dl) {
        String topic = topics.dlq().name();
        RecordHeaders headers = new RecordHeaders();
        headers.add("dlq.source.topic", dl.getSourceTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.source.partition", Integer.toString(dl.getSourcePartition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.source.offset", Long.toString(dl.getSourceOffset()).getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.error.class", dl.getErrorClass().getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.error.message", dl.getMessage().getBytes(StandardCharsets.UTF_8));
        transactions.send(new ProducerRecord<>(topic, null, dl.getKey(), deadLetterSerializer.serialize(topic, dl), headers));
    }

    /**
     * Starts committing one transaction with results and offsets+metadata once the interval passed and the
     * previous commit finished; the poll thread goes on meanwhile. {@code force} commits at once and waits.
     */
    private void commit(boolean force) {
        long now = clock.millis();
        if (!force) {
            if (transactions.isCommitting()) {
                return;
            }
            if (!transactions.awaitCommitted()) {
                abortAndRewind();
                return;
            }
            if (now - lastCommitMillis < commitIntervalMillis()) {
                return;
            }
        }
        lastCommitMillis = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState ps : partitions.values()) {
            long offset = ps.tracker.committableOffset();
            String metadata = ps.tracker.metadata();
            if (offset != ps.committedOffset || !metadata.equals(ps.committedMetadata)) {
                if (metadata.length() > options.maxMetadataChars()) {
                    throw new IllegalStateException("commit metadata of " + ps.tp + " grew to " + metadata.length() + " characters");
                }
                offsets.put(ps.tp, new OffsetAndMetadata(offset, metadata));
            }
        }
        if (offsets.isEmpty() && !transactions.isOpen()) {
            if (force && !transactions.awaitCommitted()) {
                abortAndRewind();
            }
            return;
        }
        if (force) {
            if (!transactions.commitNow(offsets, consumer.groupMetadata())) {
                abortAndRewind();
                return;
            }
        } else {
            transactions.commitAsync(offsets, consumer.groupMetadata());
        }
        // a failed commit rewinds every partition to what Kafka holds, so this bookkeeping may run ahead of it
        offsets.forEach((tp, om) -> {
            PartitionState ps = partitions.get(tp);
            if (ps != null) {
                ps.committedOffset = om.offset();
                ps.committedMetadata = om.metadata();
            }
        });
    }

    /**
     * The long interval while fetched commands wait for a worker or an in-flight slot (a backlog: fewer
     * transactions leave more CPU for the work), the short one while the processor keeps up (results soon visible).
     */
    private long commitIntervalMillis() {
        if (pausedForMemory) {
            return options.commitInterval().toMillis();
        }
        for (PartitionState ps : partitions.values()) {
            if (!ps.ready.isEmpty()) {
                return options.commitInterval().toMillis();
            }
        }
        return options.caughtUpCommitInterval().toMillis();
    }

    private void abortAndRewind() {
        transactions.abortAll();
        Set<TopicPartition> owned = new HashSet<>(partitions.keySet());
        drop(owned);
        assign(owned);
    }

    private void applyBackpressure() {
        updateBuffered();
        int max = options.maxBuffered();
        if (!pausedForMemory && buffered >= max) {
            pausedForMemory = true;
            consumer.pause(consumer.assignment());
            LOG.debug("buffer full ({} records): partitions paused", buffered);
        } else if (pausedForMemory && buffered <= max * 3 / 4) {
            pausedForMemory = false;
            consumer.resume(consumer.paused());
        } else if (pausedForMemory) {
            // partitions assigned while paused start paused too
            consumer.pause(consumer.assignment());
        }
    }

    private void updateBuffered() {
        int n = 0;
        for (PartitionState ps : partitions.values()) {
            n += ps.tracker.unfinishedCount();
        }
        buffered = n;
    }

    // ---- assignment -------------------------------------------------------------------------------

    private void assign(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(assigned));
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata om = committed.get(tp);
            long start = om != null ? om.offset() : consumer.position(tp);
            String metadata = om != null ? om.metadata() : null;
            PartitionState ps = new PartitionState(tp, ++epochs, OffsetTracker.restore(start, metadata));
            ps.committedOffset = start;
            ps.committedMetadata = metadata == null ? "" : metadata;
            partitions.put(tp, ps);
            consumer.seek(tp, start);
            metrics.partition(tp, () -> Math.max(0, ps.tracker.committableOffset() - ps.committedOffset), ps.tracker::span);
            LOG.info("partition assigned {} committedOffset={} finishedAbove={}", tp, start,
                    metadata == null || metadata.isEmpty() ? "none" : "from metadata");
        }
    }

    private void drop(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState ps = partitions.remove(tp);
            if (ps == null) {
                continue;
            }
            ps.keys.clear(j -> {});
            ps.ready.clear();
            retries.removeIf(j -> j.partition.equals(tp));
            parked.removeIf(j -> j.partition.equals(tp));
            metrics.removePartition(tp);
        }
        updateBuffered();
    }

    /** Runs on the poll thread inside poll(): commit what is finished before partitions go, then forget them. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (abandoned || revoked.isEmpty()) {
                return;
            }
            drainCompletions();
            commit(true);
            drop(revoked);
            LOG.info("partitions revoked {}; their in-flight work is abandoned", revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            LOG.warn("partitions lost {}; their uncommitted work is discarded", lost);
            drop(lost);
            if (transactions.isOpen() || transactions.isCommitting()) {
                // the open transaction may hold results of the lost partitions: abort it and replay the rest
                abortAndRewind();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assign(assigned);
        }
    }

    /** Per-partition state: offsets, key order, ready work, started work, last commit. */
    private static final class PartitionState {
        final TopicPartition tp;
        final long epoch;
        final OffsetTracker tracker;
        final KeyScheduler<Job> keys = new KeyScheduler<>();
        final ArrayDeque<Job> ready = new ArrayDeque<>();
        int started;
        long committedOffset;
        String committedMetadata = "";

        PartitionState(TopicPartition tp, long epoch, OffsetTracker tracker) {
            this.tp = tp;
            this.epoch = epoch;
            this.tracker = tracker;
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------------

    /** Stops taking work, commits what is finished, closes the clients; in-flight calls are abandoned (replayed later). */
    @Override
    public void close() {
        running = false;
        if (thread == null) {
            workers.shutdownNow();
        }
        awaitStop(Duration.ofSeconds(30));
    }

    /**
     * Simulates a crash for tests: the poll thread stops at once without committing or closing the clients,
     * leaving its transaction open for the successor to abort.
     */
    void abandonForTest() {
        abandoned = true;
        running = false;
        awaitStop(Duration.ofSeconds(10));
    }

    private void awaitStop(Duration timeout) {
        Thread t = thread;
        if (t == null || Thread.currentThread() == t) {
            return;
        }
        try {
            if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("processor poll thread did not stop within {}", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
