package org.massaged.controller.hardware.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.MessageType;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;

/**
 * A minimal board for host-side tests without the simulator module: answers the handshake with what the test
 * chooses, records every byte the host writes, and sends a status every 50 ms.
 */
final class ScriptedBoard implements AutoCloseable {
    private final ServerSocket server;
    private final DeviceProfile profile;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Message.Identify identifyOverride;
    private volatile FaultCode latched = FaultCode.NONE;
    private volatile boolean emergencyStopLatched;
    private volatile boolean statusWithTrailingByte;
    private volatile boolean emergencyStopInputOpen;
    private volatile long bootId = 0xCAFEF00DL;
    private volatile boolean closed;
    private Message.Configure configuration;
    private volatile Socket connection;

    ScriptedBoard(DeviceProfile profile) throws IOException {
        this.profile = profile;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "scripted-board");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answer HELLO with this identify (the nonce is replaced by the host's). */
    void identifyAs(Message.Identify identify) {
        this.identifyOverride = identify;
    }

    /** The board has this fault latched (from before the host connected, or now), as STATUS shows it. */
    void latch(FaultCode fault) {
        this.latched = fault;
    }

    /** Every STATUS from now carries a byte too many: the host rejects each, while ACKs still come through. */
    void statusWithTrailingByte(boolean on) {
        this.statusWithTrailingByte = on;
    }

    /** The board's emergency-stop loop opens: it latches EMERGENCY_STOP and shows bit6 in STATUS. */
    void openEmergencyStopLoop() {
        emergencyStopLatched = true;
        if (!latched.isFault()) {
            latched = FaultCode.EMERGENCY_STOP;
        }
        emergencyStopInputOpen = true;
    }

    byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    List<Message> messages() {
        return List.copyOf(messages);
    }

    private void serve() {
        while (!closed) {
            try (Socket socket = server.accept()) {
                connection = socket;
                socket.setSoTimeout(50);
                talk(socket.getInputStream(), socket.getOutputStream());
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void talk(InputStream in, OutputStream out) throws IOException {
        Object lock = new Object();
        LinkEndpoint[] endpoint = new LinkEndpoint[1];
        endpoint[0] = new LinkEndpoint(frame -> {
            try {
                out.write(frame);
            } catch (IOException e) {
                // the host went away; the read loop ends
            }
        }, message -> {
            messages.add(message);
            if (message instanceof Message.EmergencyStop) {
                emergencyStopLatched = true;
                if (!latched.isFault()) {
                    latched = FaultCode.EMERGENCY_STOP;
                }
            } else if (message instanceof Message.ClearFaults) {
                emergencyStopLatched = false;
                latched = FaultCode.NONE;
            } else if (message instanceof Message.Heartbeat) {
                endpoint[0].sendUnreliable(new Message.Ack());   // docs/protocol.md §5.1: every heartbeat is answered
            } else if (message instanceof Message.Hello hello) {
                endpoint[0].restartTransmit();
                endpoint[0].sendReliable(identify(hello.nonce()), System.nanoTime());
            } else if (message instanceof Message.Configure configure) {
                configuration = configure;
            }
        }, 100_000_000L, 20);
        byte[] buffer = new byte[512];
        long nextStatus = 0;
        while (!closed) {
            int count;
            try {
                count = in.read(buffer);
            } catch (SocketTimeoutException idle) {
                count = 0;
            }
            if (count < 0) {
                return;
            }
            synchronized (lock) {
                long now = System.nanoTime();
                if (count > 0) {
                    synchronized (received) {
                        received.write(buffer, 0, count);
                    }
                    endpoint[0].receiveBytes(buffer, 0, count, now);
                }
                endpoint[0].tick(now);
                if (now - nextStatus >= 0) {
                    if (statusWithTrailingByte) {
                        byte[] payload = MessageCodec.encode(status());
                        out.write(new Frame(ProtocolVersion.BYTE, 0, 0, MessageType.STATUS.code(),
                                java.util.Arrays.copyOf(payload, payload.length + 1)).encode());
                    } else {
                        endpoint[0].sendUnreliable(status());
                    }
                    nextStatus = now + 50_000_000L;
                }
            }
        }
    }

    private Message.Identify identify(long nonce) {
        Message.Identify base = identifyOverride != null ? identifyOverride
                : new Message.Identify(ProtocolVersion.MAJOR, ProtocolVersion.MINOR, "sim-2.0.0",
                        profile.identity().firmwareBoard(), bootId, nonce, 1000, 900, ProfileWire.capabilities(profile));
        return new Message.Identify(base.protocolMajor(), base.protocolMinor(), base.firmwareVersion(), base.boardId(),
                base.bootId(), nonce, base.maxLeaseMillis(), base.sessionCapSeconds(), base.capabilities());
    }

    private Message.Status status() {
        Message.Configure config = configuration;
        List<Message.ZoneStatus> zones = profile.zones().stream().map(zone -> new Message.ZoneStatus(0, 0, 0)).toList();
        List<Integer> temperatures = ProfileWire.temperatureSensorIds(profile).stream().map(id -> 3000).toList();
        FaultCode fault = latched;
        return new Message.Status(bootId, 0, config != null, fault.isFault(), emergencyStopLatched, false,
                profile.hasOccupancySensor(), false, emergencyStopInputOpen, fault, config == null ? 0 : MessageCodec.configCrc(config),
                0, 0, 0, zones, temperatures);
    }

    /** Drops the host's connection, as an unplugged cable would. */
    void dropConnection() {
        Socket current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // best effort
            }
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
