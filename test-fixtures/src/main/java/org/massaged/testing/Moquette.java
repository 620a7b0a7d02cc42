package org.massaged.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/** The embedded Moquette broker on a free port, in memory. */
public final class Moquette implements Broker {

    private final int port;
    private final Path directory;
    private Server server;

    public Moquette(Path directory) throws IOException {
        this.port = Mosquitto.freePort();
        this.directory = directory;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "moquette";
    }

    @Override
    public void start() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("port", Integer.toString(port));
        properties.setProperty("host", "127.0.0.1");
        properties.setProperty("allow_anonymous", "true");
        properties.setProperty("persistence_enabled", "false");
        properties.setProperty("telemetry_enabled", "false");
        properties.setProperty("websocket_port", "disabled");
        properties.setProperty("data_path", directory.resolve("moquette-data").toString());
        server = new Server();
        server.startServer(new MemoryConfig(properties));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }
}
