package io.vaultstream.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Runs this JVM's logging as production does at {@code log.level=DEBUG} (root DEBUG, third-party INFO,
 * HTTP wire loggers pinned to WARN) and captures every formatted line with MDC and full stack traces
 * until closed, when the previous levels come back.
 */
public final class DebugLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final List<String> THIRD_PARTY = List.of("org.apache.kafka", "org.eclipse.jetty", "io.javalin", "io.apicurio",
            "com.microsoft.kiota");
    private static final List<String> NEVER_VERBOSE = List.of("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers",
            "org.apache.hc.core5.http.wire");

    private final PatternLayout layout = new PatternLayout();
    private final List<String> lines = new ArrayList<>();
    private final Map<Logger, Level> previous = new HashMap<>();
    private final Logger root;

    public DebugLogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(ctx);
        layout.setContext(ctx);
        layout.setPattern("%level %logger %msg %mdc %ex{full}");
        layout.start();
        start();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        set(root, Level.DEBUG);
        set(ctx.getLogger("io.vaultstream"), Level.DEBUG);
        THIRD_PARTY.forEach(n -> set(ctx.getLogger(n), Level.INFO));
        NEVER_VERBOSE.forEach(n -> set(ctx.getLogger(n), Level.WARN));
        root.addAppender(this);
    }

    private void set(Logger logger, Level level) {
        previous.put(logger, logger.getLevel());
        logger.setLevel(level);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every captured line joined, for a scan. */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        previous.forEach(Logger::setLevel);
        stop();
    }
}
