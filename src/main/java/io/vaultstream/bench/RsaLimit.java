package io.vaultstream.bench;

import io.vaultstream.antom.AntomSigner;
import io.vaultstream.sandbox.SandboxKeys;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The machine's limit for vaultstream with the sandbox on the same machine: the RSA work one command costs
 * end to end (merchant signs the request, sandbox verifies it, sandbox signs the answer, merchant verifies
 * it) on every core at once, expressed as commands per second, both by the wall clock and by the threads' CPU
 * time (cores / CPU time per command), which other load on a shared machine does not distort. Also the
 * single-thread sign and verify rates and CPU times, to compare with the platform notes.
 *
 * <p>Only RSA is timed: each thread keeps its four {@link Signature} objects initialised and feeds them the exact
 * content Antom signs ({@link AntomSigner#content}, built once), so the figure holds SHA256withRSA (hash, padding,
 * blinded private-key or public-key exponentiation) and nothing of what surrounds it in the system (header
 * formatting, base64, object creation), which counts against vaultstream, not against the limit.
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

    private static final String ALGORITHM = "SHA256withRSA";
    /** What the merchant signs and the sandbox verifies: the request's signed content. */
    private static final byte[] REQUEST_CONTENT = AntomSigner.content(PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST);
    /** What the sandbox signs and the merchant verifies: the answer's signed content. */
    private static final byte[] RESPONSE_CONTENT = AntomSigner.content(PATH, BenchEnvironment.CLIENT_ID, TIME, RESPONSE);

    private final SandboxKeys keys;

    public RsaLimit(SandboxKeys keys) {
        this.keys = keys;
    }

    /** One thread's share of the limit: one command's RSA work per run, two signs and two verifies. */
    final class Command implements Runnable {
        private final Signature merchantSigns = signer(keys.merchantPrivate());
        private final Signature sandboxVerifies = verifier(keys.merchantPublic());
        private final Signature sandboxSigns = signer(keys.antomPrivate());
        private final Signature merchantVerifies = verifier(keys.antomPublic());
        private byte[] lastRequestSignature;

        @Override
        public void run() {
            try {
                merchantSigns.update(REQUEST_CONTENT);
                byte[] request = merchantSigns.sign();
                sandboxVerifies.update(REQUEST_CONTENT);
                if (!sandboxVerifies.verify(request)) {
                    throw new IllegalStateException("request signature did not verify");
                }
                sandboxSigns.update(RESPONSE_CONTENT);
                byte[] answer = sandboxSigns.sign();
                merchantVerifies.update(RESPONSE_CONTENT);
                if (!merchantVerifies.verify(answer)) {
                    throw new IllegalStateException("answer signature did not verify");
                }
                lastRequestSignature = request;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("RSA failed", e);
            }
        }
    }

    /** Checks once that what the limit signs is what Antom verifies: the system's verifier accepts its signature. */
    void checkAgainstAntomSigner() {
        Command c = new Command();
        c.run();
        if (!AntomSigner.verify(List.of(keys.merchantPublic()), PATH, BenchEnvironment.CLIENT_ID, TIME, REQUEST,
                Base64.getEncoder().encodeToString(c.lastRequestSignature))) {
            throw new IllegalStateException("the limit's signature is not Antom's");
        }
    }

    /**
     * Measures on {@code threads} threads for {@code seconds} after a warm-up of a third of that:
     * {@code commandsPerSecond} (the limit, wall clock), {@code rsaCpuMsPerCommand} and {@code commandsPerSecondByCpuTime},
     * plus single-thread sign and verify rates and CPU times.
     */
    public Map<String, Object> measure(int threads, double seconds) throws InterruptedException {
        checkAgainstAntomSigner();
        run(threads, seconds / 3, Command::new, new LongAdder(), new LongAdder());
        LongAdder cpuNanos = new LongAdder();
        LongAdder commands = new LongAdder();
        double limit = run(threads, seconds, Command::new, cpuNanos, commands);
        double cpuMsPerCommand = cpuNanos.sum() / 1e6 / Math.max(1, commands.sum());
        double oneThread = Math.max(0.5, seconds / 4);
        LongAdder signCpu = new LongAdder();
        LongAdder signs = new LongAdder();
        double sign = run(1, oneThread, () -> {
            Signature s = signer(keys.merchantPrivate());
            return () -> {
                try {
                    s.update(REQUEST_CONTENT);
                    s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            };
        }, signCpu, signs);
        byte[] signature = signature();
        LongAdder verifyCpu = new LongAdder();
        LongAdder verifies = new LongAdder();
        double verify = run(1, oneThread, () -> {
            Signature s = verifier(keys.merchantPublic());
            return () -> {
                try {
                    s.update(REQUEST_CONTENT);
                    if (!s.verify(signature)) {
                        throw new IllegalStateException("does not verify");
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            };
        }, verifyCpu, verifies);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commandsPerSecond", Math.round(limit));
        m.put("rsaCpuMsPerCommand", Math.round(cpuMsPerCommand * 1000) / 1000.0);
        m.put("commandsPerSecondByCpuTime", Math.round(Runtime.getRuntime().availableProcessors() * 1000 / cpuMsPerCommand));
        m.put("threads", threads);
        m.put("seconds", seconds);
        m.put("requestBytes", REQUEST.length);
        m.put("responseBytes", RESPONSE.length);
        m.put("signPerSecondOneThread", Math.round(sign));
        m.put("verifyPerSecondOneThread", Math.round(verify));
        m.put("signCpuMs", Math.round(signCpu.sum() / 1e3 / Math.max(1, signs.sum())) / 1000.0);
        m.put("verifyCpuMs", Math.round(verifyCpu.sum() / 1e3 / Math.max(1, verifies.sum())) / 1000.0);
        return m;
    }

    private byte[] signature() {
        try {
            Signature s = signer(keys.merchantPrivate());
            s.update(REQUEST_CONTENT);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Signature signer(PrivateKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + ALGORITHM, e);
        }
    }

    private static Signature verifier(PublicKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + ALGORITHM, e);
        }
    }

    /**
     * Operations per second (wall clock) of {@code threads} threads, each running its own operation from {@code perThread}
     * for {@code seconds}; the threads' CPU time is added to {@code cpuNanos} (independent of what else runs on the
     * machine) and the operations to {@code done}.
     */
    static double run(int threads, double seconds, Supplier<Runnable> perThread, LongAdder cpuNanos, LongAdder done)
            throws InterruptedException {
        List<Runnable> ops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ops.add(perThread.get()); // set-up (Signature objects) outside the timed loop
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        LongAdder count = new LongAdder();
        List<Thread> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Runnable op = ops.get(t);
            Thread th = new Thread(() -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long n = 0;
                while (System.nanoTime() < end) {
                    op.run();
                    n++;
                }
                cpuNanos.add(mx.getCurrentThreadCpuTime() - cpu0);
                count.add(n);
            }, "bench-rsa-" + t);
            th.start();
            list.add(th);
        }
        for (Thread th : list) {
            th.join();
        }
        done.add(count.sum());
        return count.sum() * 1e9 / (System.nanoTime() - start);
    }
}
