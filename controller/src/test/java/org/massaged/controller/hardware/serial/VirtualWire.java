package org.massaged.controller.hardware.serial;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;

/**
 * A {@link HostLink} wired to a minimal board in virtual time: every millisecond the bytes each side wrote reach
 * the other, the host is ticked when its {@link HostLink#nextDeadline} has come (as the I/O shell does), and the
 * board sends a STATUS every 50 ms. Nothing runs on another thread; a test second takes microseconds.
 */
final class VirtualWire {
    static final long MS = 1_000_000L;

    final DeviceProfile profile;
    final HostLink host;
    final List<DeviceEvent> events = new ArrayList<>();
    final List<LinkVerdict> verdicts = new ArrayList<>();
    /** What the board accepted from the host, in order (out-of-band emergency stops included). */
    final List<Message> boardGot = new ArrayList<>();
    private final LinkEndpoint board;
    private ByteArrayOutputStream toBoard = new ByteArrayOutputStream();
    private ByteArrayOutputStream toHost = new ByteArrayOutputStream();
    private long now = 1_000 * MS;
    private long nextStatus;
    private long hostTicks;
    private Message.Configure configuration;

    // What the board does; tests change it.
    long bootId = 0xCAFEF00DL;
    String boardId;
    boolean answersHello = true;
    boolean sendsStatus = true;
    /** The host's reader returns from the port: when false, the process itself stalls (GC, a busy machine). */
    boolean hostReads = true;
    /** Whether what the host writes reaches the board (false: a board gone deaf, nothing acknowledged). */
    boolean boardHears = true;
    FaultCode latched = FaultCode.NONE;
    boolean emergencyStopLatched;
    /** Whether the board confirms an emergency stop in its STATUS (a board slow to confirm does not). */
    boolean confirmsEmergencyStop = true;

    VirtualWire(DeviceProfile profile, LinkSettings settings) {
        this.profile = profile;
        this.boardId = profile.identity().firmwareBoard();
        this.host = new HostLink(profile, settings, new LinkPort() {
            @Override
            public void write(byte[] frame) {
                toBoard.writeBytes(frame);
            }

            @Override
            public void post(DeviceEvent event) {
                events.add(event);
            }

            @Override
            public void decided(LinkVerdict verdict) {
                verdicts.add(verdict);
            }
        });
        this.board = new LinkEndpoint(frame -> toHost.writeBytes(frame), this::boardReceived, 100 * MS, 20);
    }

    long now() {
        return now;
    }

    /** How often the host was ticked: only when its deadline had come. */
    long hostTicks() {
        return hostTicks;
    }

    /** A new connection: the host starts its handshake. */
    void connect() {
        board.restart();
        configuration = null;
        host.connected("virtual", 0x1234_5678L, now);
    }

    /** Connects and runs until the link is up. */
    VirtualWire up() {
        connect();
        run(Duration.ofMillis(200));
        if (!host.isUp()) {
            throw new AssertionError("the link did not come up: " + verdicts);
        }
        return this;
    }

    /** Lets {@code duration} of virtual time pass, millisecond by millisecond. */
    void run(Duration duration) {
        long end = now + duration.toNanos();
        while (now < end) {
            now += MS;
            deliver();
            if (host.nextDeadline() <= now) {
                hostTicks++;
                host.tick(now);
            }
            board.tick(now);
            if (sendsStatus && configuration != null && now - nextStatus >= 0) {
                board.sendUnreliable(status());
                nextStatus = now + 50 * MS;
            }
        }
    }

    /** The board sends {@code message} now (a FAULT, a BOOT). */
    void boardSends(Message message) {
        board.sendReliable(message, now);
    }

    <T extends Message> List<T> boardGot(Class<T> type) {
        return boardGot.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends DeviceEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void deliver() {
        byte[] down = toBoard.toByteArray();
        toBoard = new ByteArrayOutputStream();
        if (down.length > 0 && boardHears) {
            board.receiveBytes(down, 0, down.length, now);
        }
        if (!hostReads) {
            return;   // what the board sends waits in the port's buffer
        }
        byte[] up = toHost.toByteArray();
        toHost = new ByteArrayOutputStream();
        if (up.length > 0) {
            host.receive(up, 0, up.length, now);
        } else if ((now / MS) % 10 == 5) {
            host.idle(now);
        }
    }

    private void boardReceived(Message message) {
        boardGot.add(message);
        if (message instanceof Message.Hello hello && answersHello) {
            board.restartTransmit();
            board.sendReliable(new Message.Identify(ProtocolVersion.MAJOR, ProtocolVersion.MINOR, "virtual-2.0.0",
                    boardId, bootId, hello.nonce(), 1000, 900, ProfileWire.capabilities(profile)), now);
        } else if (message instanceof Message.Configure configure) {
            configuration = configure;
            nextStatus = now;
        } else if (message instanceof Message.EmergencyStop) {
            emergencyStopLatched = confirmsEmergencyStop;
            if (!latched.isFault() && confirmsEmergencyStop) {
                latched = FaultCode.EMERGENCY_STOP;
            }
        } else if (message instanceof Message.ClearFaults) {
            emergencyStopLatched = false;
            latched = FaultCode.NONE;
        } else if (message instanceof Message.Heartbeat) {
            board.sendUnreliable(new Message.Ack());
        }
    }

    private Message.Status status() {
        List<Message.ZoneStatus> zones = profile.zones().stream().map(zone -> new Message.ZoneStatus(0, 0, 0)).toList();
        List<Integer> temperatures = ProfileWire.temperatureSensorIds(profile).stream().map(id -> 3000).toList();
        return new Message.Status(bootId, now / MS, true, latched.isFault(), emergencyStopLatched, false,
                profile.hasOccupancySensor(), false, false, latched, MessageCodec.configCrc(configuration), 0, 0, 0,
                zones, temperatures);
    }
}
