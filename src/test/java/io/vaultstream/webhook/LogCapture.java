package io.vaultstream.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures every log line (formatted message, MDC, full stack traces) from every logger while open, with
 * vaultstream's own loggers at DEBUG so the most talkative paths are exercised too.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final PatternLayout layout = new PatternLayout();
    private final List<String> lines = new ArrayList<>();
    private final Logger root;
    private final Logger vaultstream;
    private final Level previous;

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(ctx);
        layout.setContext(ctx);
        layout.setPattern("%level %logger %msg %mdc %ex{full}");
        layout.start();
        start();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        vaultstream = ctx.getLogger("io.vaultstream");
        previous = vaultstream.getLevel();
        vaultstream.setLevel(Level.DEBUG);
        root.addAppender(this);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.detachAppender(this);
        vaultstream.setLevel(previous);
        stop();
    }
}
