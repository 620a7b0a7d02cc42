package org.massaged.simulator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EmbeddedBrokerTest {

    @Test
    void aPortInUseIsRefusedWithoutTheBrokerLoggingAStackTrace() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedBroker.start(taken.getLocalPort()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort() + " is already in use");
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).noneMatch(event -> event.getThrowableProxy() != null);
    }

    @Test
    void aFreePortIsUsed() {
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            assertThat(broker.port()).isPositive();
            assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + broker.port());
        }
    }
}
