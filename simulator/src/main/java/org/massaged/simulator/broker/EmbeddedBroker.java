package org.massaged.simulator.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An MQTT 5 broker (Moquette) on 127.0.0.1, so that the demo and the tests need nothing installed. It never
 * listens beyond loopback and keeps nothing on disk. Not part of the daemon's production classpath.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Server server;
    private final int port;
    private final Path dataDirectory;

    private EmbeddedBroker(Server server, int port, Path dataDirectory) {
        this.server = server;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts on the given port; 0 picks a free one. A port something else listens on is refused here, before
     * the broker would log a stack trace about it.
     */
    public static EmbeddedBroker start(int port) {
        int chosen = port == 0 ? freeLoopbackPort() : requireFree(port);
        try {
            Path data = Files.createTempDirectory("massaged-broker");
            Properties properties = new Properties();
            properties.setProperty("host", "127.0.0.1");
            properties.setProperty("port", Integer.toString(chosen));
            properties.setProperty("websocket_port", "disabled");
            properties.setProperty("allow_anonymous", "true");
            // mosquitto_sub and other tools connect with an empty client id and let the broker choose
            properties.setProperty("allow_zero_byte_client_id", "true");
            properties.setProperty("persistence_enabled", "false");
            properties.setProperty("data_path", data.toString());
            properties.setProperty("netty.mqtt.message_size", "65536");
            Server server = new Server();
            server.startServer(new MemoryConfig(properties));
            return new EmbeddedBroker(server, chosen, data);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded MQTT broker on 127.0.0.1:" + chosen, e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException taken) {
            throw new UncheckedIOException("127.0.0.1:" + port + " is already in use", taken);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1 for the embedded MQTT broker", e);
        }
    }
}
