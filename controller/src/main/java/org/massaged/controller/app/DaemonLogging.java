package org.massaged.controller.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.massaged.controller.app.logging.EscapedMessageConverter;
import org.massaged.controller.app.logging.EscapedThrowableConverter;
import org.massaged.controller.app.logging.StatusWarningsToStderr;

/**
 * The daemon's log set-up, in code rather than XML (parsing a logback.xml costs the daemon about a
 * megabyte of its 64 MB). One line per event on standard error, without a time stamp (journald adds one);
 * level INFO, or {@code MASSAGED_LOG_LEVEL}. Control characters in messages are escaped, so that text from a
 * message or a device can never start a line of its own. A {@code logback.xml} on the class path (the simulator jar,
 * tests) or {@code -Dlogback.configurationFile} takes precedence. Found through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
public final class DaemonLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "MASSAGED_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        StatusWarningsToStderr statusLines = new StatusWarningsToStderr();
        statusLines.setContext(context);
        statusLines.start();
        context.getStatusManager().add(statusLines);
        if (System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
                || onClassPath("logback.xml")) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(escapingLayout(context, "%-5level %logger{28} - %msg%n%ex"));
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(Optional.ofNullable(System.getenv(LEVEL_VARIABLE))));
        root.addAppender(console);
        context.getLogger("com.pi4j").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A pattern layout whose {@code %msg} and {@code %ex} escape control characters. */
    static PatternLayout escapingLayout(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        for (String word : List.of("m", "msg", "message")) {
            layout.getInstanceConverterMap().put(word, EscapedMessageConverter.class.getName());
        }
        for (String word : List.of("ex", "exception", "throwable")) {
            layout.getInstanceConverterMap().put(word, EscapedThrowableConverter.class.getName());
        }
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    static Level level(Optional<String> configured) {
        return configured.map(text -> Level.toLevel(text.trim().toUpperCase(Locale.ROOT), Level.INFO))
                .orElse(Level.INFO);
    }

    private static boolean onClassPath(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return (loader != null ? loader : DaemonLogging.class.getClassLoader()).getResource(resource) != null;
    }
}
