package org.massaged.simulator.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.massaged.simulator.broker.EmbeddedBroker;

/** A real MQTT broker for an end-to-end test: Mosquitto as a process on a free port, or the embedded one. */
interface TestBroker extends AutoCloseable {

    String uri();

    @Override
    void close();

    static TestBroker embedded() {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        return new TestBroker() {
            @Override
            public String uri() {
                return broker.uri();
            }

            @Override
            public void close() {
                broker.close();
            }

            @Override
            public String toString() {
                return "embedded Moquette";
            }
        };
    }

    static boolean mosquittoInstalled() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
    }

    static TestBroker mosquitto(Path directory) throws IOException {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        String executable = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
        Process process = new ProcessBuilder(executable, "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("mosquitto.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(directory.resolve("mosquitto.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException refused) {
                return false;
            }
        });
        return new TestBroker() {
            @Override
            public String uri() {
                return "tcp://127.0.0.1:" + port;
            }

            @Override
            public void close() {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public String toString() {
                return "Mosquitto";
            }
        };
    }
}
