package io.vaultstream.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Applies {@code log.level} and {@code log.format} (text or json) to Logback; logs go to stderr. */
final class LoggingSetup {

    /** Third-party loggers kept at WARN unless vaultstream runs at DEBUG/TRACE. */
    private static final List<String> NOISY = List.of(
            "org.apache.kafka", "kafka", "org.eclipse.jetty", "io.javalin", "io.apicurio", "com.microsoft.kiota",
            "state.change.logger", "org.apache.zookeeper");

    /**
     * Loggers that print HTTP bodies and headers, i.e. card data and signatures: pinned to WARN whatever
     * log.level says (PCI DSS: logs are storage).
     */
    static final List<String> NEVER_VERBOSE = List.of(
            "org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers", "org.apache.hc.core5.http.wire");

    /** Apicurio's client logs through java.util.logging; held so the level set below is not collected. */
    private static final java.util.logging.Logger APICURIO_JUL = java.util.logging.Logger.getLogger("io.apicurio");

    private LoggingSetup() {}

    static void apply(String level, String format) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            LogstashEncoder json = new LogstashEncoder();
            json.setContext(ctx);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(ctx);
            text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
            text.start();
            encoder = text;
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(appender);
        Level thirdParty = root.getLevel().isGreaterOrEqual(Level.INFO) ? Level.WARN : Level.INFO;
        NOISY.forEach(n -> ctx.getLogger(n).setLevel(thirdParty));
        NEVER_VERBOSE.forEach(n -> ctx.getLogger(n).setLevel(Level.WARN));
        APICURIO_JUL.setLevel(root.getLevel().isGreaterOrEqual(Level.INFO) ? java.util.logging.Level.SEVERE : java.util.logging.Level.INFO);
    }

    /** Shows a logger's INFO lines even when log.level is quieter (progress the user ran the command for). */
    static void showInfo(String name) {
        Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
        if (!logger.isInfoEnabled()) {
            logger.setLevel(Level.INFO);
        }
    }
}
