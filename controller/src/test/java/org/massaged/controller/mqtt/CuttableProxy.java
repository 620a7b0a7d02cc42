package org.massaged.controller.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between the bridge and the broker that a test can cut, as a Wi-Fi drop or a pulled cable
 * would, without the broker going away.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Object frozenLock = new Object();
    private volatile boolean frozen;
    private volatile boolean accepting = true;
    private volatile boolean refuseMqtt5;
    private final AtomicLong readFromClients = new AtomicLong();

    public CuttableProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Drops every open connection; new ones are accepted unless {@link #refuse()} was called. */
    public void cut() {
        sockets.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        });
        sockets.clear();
        clients.clear();
    }

    /**
     * Does what an MQTT 5 broker (Mosquitto 2.0.15 and later, EMQX, HiveMQ) does to a client whose client id
     * another connection just took: sends it DISCONNECT with reason 0x8E (session taken over), then closes.
     */
    public void takeOver() throws IOException {
        for (Socket client : clients) {
            synchronized (client) {
                client.getOutputStream().write(new byte[] {(byte) 0xE0, 0x02, (byte) 0x8E, 0x00});
                client.getOutputStream().flush();
            }
        }
        cut();
    }

    /** Nothing moves either way until {@link #thaw()}, while every connection stays open: a hung broker. */
    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        synchronized (frozenLock) {
            frozen = false;
            frozenLock.notifyAll();
        }
    }

    /** Bytes read from the clients' side so far, frozen or not: what a client has written to its socket. */
    public long bytesFromClients() {
        return readFromClients.get();
    }

    /** New connections are closed at once (the broker is "unreachable"). */
    public void refuse() {
        accepting = false;
    }

    public void accept() {
        accepting = true;
    }

    /** Answer an MQTT 5 CONNECT as a 3.1.1-only broker does: CONNACK 0x01 (unacceptable protocol level), close. */
    public void refuseMqtt5() {
        refuseMqtt5 = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!accepting) {
                    client.close();
                    continue;
                }
                Thread relay = new Thread(() -> relay(client), "proxy-relay");
                relay.setDaemon(true);
                relay.start();
            } catch (IOException e) {
                // closed or refused: go on
            }
        }
    }

    private void relay(Socket client) {
        try {
            byte[] connect = refuseMqtt5 ? readPacket(client.getInputStream()) : new byte[0];
            if (refuseMqtt5 && connect.length > 0 && protocolLevel(connect) == 5) {
                client.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x01});
                client.getOutputStream().flush();
                client.close();
                return;
            }
            Socket upstream = new Socket();
            upstream.connect(new InetSocketAddress("127.0.0.1", upstreamPort), 2000);
            upstream.getOutputStream().write(connect);
            sockets.add(client);
            sockets.add(upstream);
            clients.add(client);
            pump(client, upstream, readFromClients);
            pump(upstream, client, new AtomicLong());
        } catch (IOException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    /** One whole MQTT packet: fixed header, remaining length, body. */
    private static byte[] readPacket(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int type = in.read();
        packet.write(type);
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.read();
            if (digit < 0) {
                throw new IOException("closed");
            }
            packet.write(digit);
            length += (digit & 0x7f) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        packet.write(in.readNBytes(length));
        return packet.toByteArray();
    }

    /** The protocol level of a CONNECT: after the fixed header and the protocol name "MQTT". */
    private static int protocolLevel(byte[] connect) {
        int index = 1;
        while ((connect[index] & 0x80) != 0) {
            index++;
        }
        return connect[index + 1 + 6];
    }

    private void pump(Socket from, Socket to, AtomicLong counted) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    counted.addAndGet(read);
                    awaitThaw();
                    synchronized (to) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitThaw() throws InterruptedException {
        synchronized (frozenLock) {
            while (frozen) {
                frozenLock.wait();
            }
        }
    }

    @Override
    public void close() throws IOException {
        thaw();
        server.close();
        cut();
    }
}
