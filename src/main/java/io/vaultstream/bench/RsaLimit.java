package io.vaultstream.bench;

import io.vaultstream.antom.AntomSigner;
import io.vaultstream.sandbox.SandboxKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machine's limit for vaultstream with the sandbox on the same machine: the RSA work one command costs
 * end to end (merchant signs the request, sandbox verifies it, sandbox signs the answer, merchant verifies
 * it), run through {@link AntomSigner} on every core at once, expressed as commands per second, both by the
 * wall clock and by the threads' CPU time (cores / CPU time per command), which other load on a shared
 * machine does not distort. Also the single-thread sign and verify rates, to compare with the platform notes.
 */
public final class RsaLimit {

    private static final String PATH = "/ams/api/v1/vaults/vaultPaymentMethod";
    private static final String TIME = "1763776800000";
    /** A request body of the size the processor sends (about 600 bytes). */
    static final byte[] REQUEST = ("{\"vaultingRequestId\":\"bench-00000000-0000-0000-0000-000000000000\",\"vaultingNotificationUrl\":"
            + "\"https://merchant.example/antom/notifications/vaulting\",\"redirectUrl\":\"https://merchant.example/return\","
            + "\"merchantRegion\":\"US\",\"paymentMethodDetail\":{\"paymentMethodType\":\"CARD\",\"card\":{\"cardNo\":\"4242424242424242\","
            + "\"cardholderName\":{\"firstName\":\"Bench\",\"lastName\":\"Buyer\"},\"expiryYear\":\"30\",\"expiryMonth\":\"12\",\"cvv\":\"123\","
            + "\"billingAddress\":{\"region\":\"US\"}}},\"env\":{\"terminalType\":\"WEB\",\"clientIp\":\"203.0.113.10\","
            + "\"browserInfo\":{\"userAgent\":\"vaultstream-bench\"}}}").getBytes(StandardCharsets.UTF_8);
    /** An answer body of the size the sandbox returns. */
    static final byte[] RESPONSE = ("{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"},"
            + "\"vaultingRequestId\":\"bench-00000000-0000-0000-0000-000000000000\",\"paymentMethodDetail\":{\"paymentMethodType\":\"CARD\","
            + "\"card\":{\"brand\":\"VISA\",\"cardToken\":\"SBXTOK0123456789abcdef0123456789\",\"maskedCardNo\":\"************4242\","
            + "\"funding\":\"CREDIT\",\"issuingBank\":\"Sandbox Bank\",\"issuingCountry\":\"US\"}}}").getBytes(StandardCharsets.UTF_8);

    private final AntomSigner merchant;
    private final AntomSigner antom;
    private final List<PublicKey> merchantPublic;
    private final List<PublicKey> antomPublic;

    public RsaLimit(SandboxKeys keys) {
        this.merchant = new AntomSigner(keys.merchantPrivate(), "1");
        this.antom = new AntomSigner(keys.antomPrivate(), "1");
        this.merchantPublic = List.of(keys.merchantPublic());
        this.antomPublic = List.of(keys.antomPublic());
    }

    /** One command's RSA work: two signs and two verifies. */
    void oneCommand() {
        String s1 = merchant.signBase64(PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST);
        if (!AntomSigner.verify(merchantPublic, PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST, s1)) {
            throw new IllegalStateException("request signature did not verify");
        }
        String s2 = antom.signBase64(PATH, BenchEnvironment.CLIENT_ID, TIME, RESPONSE);
        if (!AntomSigner.verify(antomPublic, PATH, BenchEnvironment.CLIENT_ID, TIME, RESPONSE, s2)) {
            throw new IllegalStateException("answer signature did not verify");
        }
    }

    /**
     * Measures on {@code threads} threads for {@code seconds} after a warm-up of a third of that:
     * {@code commandsPerSecond} (the limit), plus single-thread {@code signPerSecondOneThread} and
     * {@code verifyPerSecondOneThread}.
     */
    public Map<String, Object> measure(int threads, double seconds) throws InterruptedException {
        run(threads, seconds / 3, this::oneCommand, new LongAdder());
        LongAdder cpuNanos = new LongAdder();
        LongAdder ops = new LongAdder();
        double limit = run(threads, seconds, () -> {
            oneCommand();
            ops.increment();
        }, cpuNanos);
        double cpuMsPerCommand = cpuNanos.sum() / 1e6 / Math.max(1, ops.sum());
        String sig = merchant.signBase64(PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST);
        double sign = run(1, Math.max(0.5, seconds / 4), () -> merchant.signBase64(PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST),
                new LongAdder());
        double verify = run(1, Math.max(0.5, seconds / 4),
                () -> AntomSigner.verify(merchantPublic, PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST, sig), new LongAdder());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandsPerSecond", Math.round(limit));
        m.put("rsaCpuMsPerCommand", Math.round(cpuMsPerCommand * 1000) / 1000.0);
        m.put("commandsPerSecondByCpuTime", Math.round(Runtime.getRuntime().availableProcessors() * 1000 / cpuMsPerCommand));
        m.put("threads", threads);
        m.put("seconds", seconds);
        m.put("signPerSecondOneThread", Math.round(sign));
        m.put("verifyPerSecondOneThread", Math.round(verify));
        return m;
    }

    /**
     * Operations per second of {@code op} on {@code threads} threads for {@code seconds}; the threads' CPU time
     * is added to {@code cpuNanos} (independent of what else runs on the machine).
     */
    static double run(int threads, double seconds, Runnable op, LongAdder cpuNanos) throws InterruptedException {
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                while (System.nanoTime() < end) {
                    op.run();
                    done.increment();
                }
                cpuNanos.add(mx.getCurrentThreadCpuTime() - cpu0);
            }, "bench-rsa-" + t);
            th.start();
            list.add(th);
        }
        for (Thread th : list) {
            th.join();
        }
        return done.sum() * 1e9 / (System.nanoTime() - start);
    }
}
