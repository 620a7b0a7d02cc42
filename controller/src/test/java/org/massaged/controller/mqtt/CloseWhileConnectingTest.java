package org.massaged.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A bridge closed while its connect is still pending (Ctrl-C or a failed start right after the daemon began
 * connecting): the connect fails later, on Paho's thread, after the bridge's own thread is gone. That late failure
 * has nothing left to do and must not surface as a stack trace.
 */
class CloseWhileConnectingTest {

    @Test
    void aConnectThatFailsAfterCloseIsDroppedQuietly() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
        try (ServerSocket silentBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MqttBridge bridge = new MqttBridge(MqttSettings.builder("chair1",
                    List.of("tcp://127.0.0.1:" + silentBroker.getLocalPort())).build(), Fixtures.lumbarDuo(),
                    Fixtures.engineLimits(), new RecordingSink(), Clock.systemUTC());
            bridge.start();
            try (Socket pending = silentBroker.accept()) {
                bridge.close();
            } // the broker hangs up: Paho fails the pending connect now
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(uncaught).isEmpty());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
