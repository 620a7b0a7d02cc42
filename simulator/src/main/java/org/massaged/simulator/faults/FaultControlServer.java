package org.massaged.simulator.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time control interface: a line protocol on 127.0.0.1. Each line is a fault command (as
 * {@link FaultInjector#command}), {@code state} or {@code help}; each answer is one line starting with
 * {@code ok} or {@code error:}. Try it with {@code socat - TCP:127.0.0.1:PORT}.
 */
public final class FaultControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultControlServer.class);

    private final ServerSocket server;
    private final FaultInjector faults;
    private final Supplier<String> state;
    private volatile boolean closed;

    public FaultControlServer(int port, FaultInjector faults, Supplier<String> state) throws IOException {
        this.faults = faults;
        this.state = state;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::accept, "sim-control-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Answers one line of the control protocol. */
    public String answer(String line) {
        String command = line.strip();
        if (command.isEmpty()) {
            return "error: empty command; try help";
        }
        if (command.equals("state")) {
            return "ok " + state.get();
        }
        if (command.equals("help")) {
            return "ok commands: corrupt R | drop R | duplicate R | delay R 200ms | ber R | silent on|off | unplug | "
                    + "replug | clear | reset | version N | stall ZONE on|off | stuck-relay ZONE STEPS | "
                    + "heater-runaway on|off | over-temperature KELVIN | occupied on|off | state";
        }
        try {
            faults.command(command);
            return "ok";
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> serve(client), "sim-control-client");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control interface: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                     StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(answer(line));
            }
        } catch (IOException e) {
            LOG.debug("control client gone: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
