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

    @Test
    void logbacksOwnTroublesNeverReachStandardOutput() throws Exception {
        LoggerContext context = new LoggerContext();
        DaemonLogging logging = new DaemonLogging();
        logging.setContext(context);
        logging.configure(context);
        ch.qos.logback.classic.joran.JoranConfigurator joran = new ch.qos.logback.classic.joran.JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(new java.io.ByteArrayInputStream(
                "<configuration><appender name=\"x\" class=\"no.such.Appender\"/></configuration>"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        // logback prints its status history on standard output after starting with errors, unless a listener is set
        assertThat(new ch.qos.logback.core.status.StatusUtil(context).getHighestLevel(0))
                .isGreaterThanOrEqualTo(ch.qos.logback.core.status.Status.WARN);
        assertThat(ch.qos.logback.core.status.StatusUtil.contextHasStatusListener(context)).isTrue();
    }

    @Test
    void aStatusWarningIsOneLineOnStandardError() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        var listener = new org.massaged.controller.app.logging.StatusWarningsToStderrProbe(captured).listener();

        listener.addStatusEvent(new ch.qos.logback.core.status.InfoStatus("configured", this));
        listener.addStatusEvent(new ch.qos.logback.core.status.WarnStatus("no appender\nnamed x", this));

        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("logging: no appender\\nnamed x\n");
    }
}
