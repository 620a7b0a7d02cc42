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
}
