package org.massaged.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonLoggingTest {

    @Test
    void theLevelComesFromTheEnvironmentAndFallsBackToInfo() {
        assertThat(DaemonLogging.level(Optional.empty())).isEqualTo(Level.INFO);
        assertThat(DaemonLogging.level(Optional.of(" debug "))).isEqualTo(Level.DEBUG);
        assertThat(DaemonLogging.level(Optional.of("WARN"))).isEqualTo(Level.WARN);
        assertThat(DaemonLogging.level(Optional.of("loud"))).isEqualTo(Level.INFO);
    }

    @Test
    void aLogbackFileOnTheClassPathTakesPrecedence() {
        LoggerContext context = new LoggerContext();
        DaemonLogging logging = new DaemonLogging();
        logging.setContext(context);

        // the tests' logback-test.xml is on the class path
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void textFromOutsideNeverStartsALineOfItsOwn() {
        LoggerContext context = new LoggerContext();
        ch.qos.logback.classic.PatternLayout layout = DaemonLogging.escapingLayout(context,
                "%-5level %logger{28} - %msg%n%ex");
        ch.qos.logback.classic.Logger logger = context.getLogger("org.massaged.controller.mqtt.CommandIntake");
        String forged = "x\nINFO  o.m.c.app.ControlLoop - FORGED\r\u001b[2J\u2028y";

        String line = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent("fqcn", logger, Level.INFO,
                "mqtt: rejected {}", null, new Object[] {forged}));
        assertThat(line.lines()).hasSize(1);
        assertThat(line).contains("x\\nINFO  o.m.c.app.ControlLoop - FORGED\\r\\u001b[2J\\u2028y");

        String withTrace = layout.doLayout(new ch.qos.logback.classic.spi.LoggingEvent("fqcn", logger, Level.ERROR,
                "failed", new IllegalStateException("bad " + forged, new RuntimeException(forged)), null));
        assertThat(withTrace.lines()).filteredOn(text -> text.contains("FORGED"))
                .allSatisfy(text -> assertThat(text).matches("(ERROR|java\\.lang|Caused by).*"));
        assertThat(withTrace.lines()).noneMatch(text -> text.startsWith("INFO"));
    }
}
