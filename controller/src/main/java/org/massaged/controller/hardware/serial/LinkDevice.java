package org.massaged.controller.hardware.serial;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The massager behind the serial wire protocol (docs/protocol.md), over a serial port or TCP.
 *
 * <p>{@link #open} connects, runs hello → identify → configure, checks the board against the profile and
 * drives every output off. From then on a supervisor thread retransmits, sends a heartbeat every 250 ms, always
 * (the board answers each with an ACK), which renews the lease of non-zero outputs only while the control thread
 * keeps calling {@link #apply} (a hung control loop lets the lease expire); no valid STATUS for three status
 * periods is link down, so a session never runs blind. On link loss it reports {@link DeviceEvent.LinkDown} and
 * reconnects with backoff. Board faults reach the control thread once each, from FAULT frames or from the latched
 * code in STATUS ({@link BoardReports}). After any reconnect, fault or emergency stop, non-zero setpoints are
 * refused until the control thread has applied all-off once: nothing resumes by itself (S5). An emergency stop
 * is repeated until the board confirms it, and nothing non-zero is sent before that confirmation.
 *
 * <p>Threads: the control thread calls {@link #apply}, {@link #open} and {@link #close}; a reader thread feeds
 * the endpoint; the supervisor thread keeps the link; anyone may call {@link #emergencyStop}. Everything not
 * marked otherwise is guarded by {@code lock}; the few fields the emergency path touches without the lock are
 * volatile or atomic.
 */
public final class LinkDevice implements Device {
    private static final Logger LOG = LoggerFactory.getLogger(LinkDevice.class);
    private static final long MS = 1_000_000L;
    private static final long ESTOP_REPEAT_NANOS = 50 * MS;
    private static final int ESTOP_REASON_HOST = 1;
    /** A reader that has not come back from the port for this long is stuck (its reads time out after 50 ms). */
    private static final long READER_STUCK_NANOS = 2000 * MS;

    private enum State { CLOSED, CONNECTING, UP, DOWN }

    private final DeviceProfile profile;
    private final LinkConnector connector;
    private final LinkSettings settings;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private final Message.Configure configuration;
    private final int configCrc;
    private final SetpointFrames frames;
    private final StatusReadings readings;
    private final BoardReports boardReports;
    private final LinkEndpoint endpoint;
    private final Random nonces = new SecureRandom();

    // Written and read without the lock (the emergency path, the reader's loop condition, close).
    private volatile ByteLink link;
    private volatile boolean closing;
    private volatile boolean emergencyPending;
    private volatile long lastEmergencyAt;
    private volatile String failure;
    private volatile Thread supervisor;
    /** Every reason not to resume (an emergency stop, a fault, a reconnect) counts one up, from any thread. */
    private final AtomicLong stopReasons = new AtomicLong();

    // Guarded by lock.
    private long stopReasonsClearedBy;
    private DeviceEvents events = event -> { };
    private State state = State.CLOSED;
    private Message.Identify identified;
    private long expectedNonce;
    private Message.Status configuredStatus;
    private long knownBootId = -1;
    private String badVersion;
    private long lastStatusAt;
    /** When the reader last came back from the port (with bytes or after its read timeout). */
    private long lastReadAt;
    private Message.Setpoint lastSent;
    private long lastApplyAt;
    private long lastHeartbeatAt;
    private boolean deviceFaultLatched;
    private int leaseMillis;
    private Message.Status lastStatus;

    public LinkDevice(DeviceProfile profile, LinkConnector connector, LinkSettings settings, LongSupplier clock) {
        this.profile = Objects.requireNonNull(profile);
        this.connector = connector;
        this.settings = settings;
        this.clock = clock;
        this.configuration = ProfileWire.configure(profile, settings.statusPeriod());
        this.configCrc = MessageCodec.configCrc(configuration);
        this.frames = new SetpointFrames(profile.zones(), configuration);
        this.readings = new StatusReadings(profile);
        this.boardReports = new BoardReports(ProfileWire.zoneIds(profile), ProfileWire.temperatureSensorIds(profile));
        this.leaseMillis = ProfileWire.maxLeaseMillis(profile);
        this.endpoint = new LinkEndpoint(this::writeFrame, new Inbox(), settings.retransmitTimeout().toNanos(),
                settings.maxAttempts());
    }

    /** The simulator, or a ser2net bridge, at {@code host:port}. */
    public static LinkDevice tcp(DeviceProfile profile, String host, int port) {
        LinkSettings settings = LinkSettings.defaults();
        return new LinkDevice(profile, TcpLink.connector(host, port, settings.readTimeout()), settings, System::nanoTime);
    }

    /** The serial port the profile names (a path, or found by its USB VID/PID). */
    public static LinkDevice serial(DeviceProfile profile) {
        if (!(profile.transport() instanceof SerialTransport transport)) {
            throw new IllegalArgumentException("profile " + profile.id() + " is not a serial device");
        }
        return serial(profile, transport);
    }

    /** A serial port with explicit settings (e.g. a path given on the command line). */
    public static LinkDevice serial(DeviceProfile profile, SerialTransport transport) {
        LinkSettings settings = LinkSettings.defaults();
        return new LinkDevice(profile, SerialLink.connector(transport, profile.identity(), settings.readTimeout()),
                settings, System::nanoTime);
    }

    // ---- Device ----

    @Override
    public void open(DeviceEvents deviceEvents) throws DeviceException {
        synchronized (lock) {
            if (state != State.CLOSED) {
                throw new IllegalStateException("already open");
            }
            this.events = Objects.requireNonNull(deviceEvents);
            state = State.CONNECTING;
        }
        closing = false;
        try {
            connectAndHandshake();
        } catch (DeviceException e) {
            synchronized (lock) {
                state = State.CLOSED;
            }
            throw e;
        }
        Thread started = new Thread(this::supervise, "link-supervisor");
        started.setDaemon(true);
        supervisor = started;
        started.start();
    }

    @Override
    public void apply(Setpoints setpoints) {
        // Read before anything else: an emergency stop from another thread after this point keeps the guard up.
        long reasonsSeen = stopReasons.get();
        synchronized (lock) {
            long now = clock.getAsLong();
            lastApplyAt = now;
            Message.Setpoint wanted = frames.of(setpoints, leaseMillis);
            if (wanted.allOff()) {
                stopReasonsClearedBy = reasonsSeen;
            } else if (stopReasonsClearedBy != stopReasons.get() || emergencyPending) {
                wanted = frames.allOff();
            }
            if (state != State.UP || wanted.equals(lastSent)) {
                return;
            }
            if (!wanted.allOff() && (lastSent == null || lastSent.allOff()) && deviceFaultLatched) {
                endpoint.sendReliable(new Message.ClearFaults(), now);
                deviceFaultLatched = false;
            }
            endpoint.sendReliable(wanted, now);
            lastSent = wanted;
        }
    }

    @Override
    public void emergencyStop() {
        stopReasons.incrementAndGet();
        emergencyPending = true;
        writeEmergencyStop();
        writeEmergencyStop();
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            closeOutputsOff();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops supervision, drives outputs off (waiting briefly for the acknowledgement) and releases the port. */
    private void closeOutputsOff() {
        closing = true;
        Thread running = supervisor;
        if (running != null) {
            running.interrupt();
            try {
                running.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (state == State.UP) {
                long now = clock.getAsLong();
                endpoint.sendReliable(frames.allOff(), now);
                long deadline = now + 500 * MS;
                while (!endpoint.idleForReliable() && failure == null && clock.getAsLong() - deadline < 0) {
                    waitBriefly();
                    endpoint.tick(clock.getAsLong());
                }
            }
            state = State.CLOSED;
            closeLink();
        }
    }

    /** Sees every frame the link acts on (diagnostics; the bit-error test checks none is bad). */
    public void observeAcceptedFrames(Consumer<Frame> observer) {
        synchronized (lock) {
            endpoint.observeAccepted(observer);
        }
    }

    /** The last status the device sent, for diagnostics. */
    public Message.Status lastStatus() {
        synchronized (lock) {
            return lastStatus;
        }
    }

    /** Rejected input by class since the link was built (for diagnostics and tests). */
    public long rejected(FrameError error) {
        synchronized (lock) {
            return endpoint.rejected(error);
        }
    }

    public long retransmits() {
        synchronized (lock) {
            return endpoint.retransmits();
        }
    }

    public boolean isUp() {
        synchronized (lock) {
            return state == State.UP;
        }
    }

    // ---- connection, handshake, supervision ----

    private void connectAndHandshake() throws DeviceException {
        ByteLink connected = connector.connect();
        synchronized (lock) {
            link = connected;
            failure = null;
        }
        Thread reader = new Thread(() -> readLoop(connected), "link-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            handshake(connected);
        } catch (DeviceException e) {
            synchronized (lock) {
                closeLink();
            }
            throw e;
        }
    }

    private void handshake(ByteLink connected) throws DeviceException {
        String description;
        synchronized (lock) {
            long now = clock.getAsLong();
            endpoint.restart();
            identified = null;
            configuredStatus = null;
            badVersion = null;
            lastSent = null;
            expectedNonce = nonces.nextInt() & 0xFFFF_FFFFL;
            long deadline = now + settings.handshakeTimeout().toNanos();
            endpoint.sendReliable(new Message.Hello(expectedNonce, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), now);
            while (identified == null) {
                awaitHandshake(deadline, connected, "an IDENTIFY answer to HELLO");
            }
            Message.Identify identify = identified;
            checkIdentity(identify, connected);
            leaseMillis = Math.min(ProfileWire.maxLeaseMillis(profile), identify.maxLeaseMillis());
            endpoint.sendReliable(configuration, clock.getAsLong());
            while (configuredStatus == null) {
                awaitHandshake(deadline, connected, "a STATUS echoing the configuration CRC 0x%04X".formatted(configCrc));
            }
            Message.Status first = configuredStatus;
            Message.Setpoint off = frames.allOff();
            endpoint.sendReliable(off, clock.getAsLong());
            while (!endpoint.idleForReliable()) {
                awaitHandshake(deadline, connected, "the acknowledgement of outputs off");
            }
            lastSent = off;
            long upAt = clock.getAsLong();
            lastStatusAt = upAt;
            lastReadAt = upAt;
            lastHeartbeatAt = upAt;
            deviceFaultLatched = first.faultLatched();
            if (knownBootId >= 0) {
                stopReasons.incrementAndGet();
            }
            if (knownBootId >= 0 && knownBootId != identify.bootId()) {
                events.post(new DeviceEvent.Rebooted(knownBootId, identify.bootId()));
            }
            knownBootId = identify.bootId();
            state = State.UP;
            Optional<Duration> cap = identify.sessionCapSeconds() == 0 ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(identify.sessionCapSeconds()));
            description = "%s board %s firmware %s protocol %d.%d boot id %08x%s on %s".formatted(profile.id(),
                    identify.boardId(), identify.firmwareVersion(), identify.protocolMajor(),
                    identify.protocolMinor(), identify.bootId(),
                    cap.map(c -> " session cap " + c.toSeconds() + " s").orElse(""), connected.description());
            // still under the lock, so that no STATUS the reader delivers can be reported before link up
            events.post(new DeviceEvent.LinkUp(description, cap));
            // a fault the board latched before this host spoke to it (LEASE_EXPIRED after kill -9) counts now
            reportBoard(boardReports.status(first));
        }
        LOG.info("link up: {}", description);
    }

    private void awaitHandshake(long deadline, ByteLink connected, String waitingFor) throws DeviceException {
        if (failure != null) {
            throw new DeviceException("lost " + connected.description() + " during the handshake: " + failure);
        }
        long now = clock.getAsLong();
        if (now - deadline > 0) {
            String version = badVersion == null ? "" : "; frames arrived in another protocol version: " + badVersion;
            throw new DeviceException("no answer from " + connected.description() + ": waited "
                    + settings.handshakeTimeout().toMillis() + " ms for " + waitingFor
                    + " (is it a " + profile.identity().firmwareBoard() + " board running massaged firmware, at the "
                    + "right baud rate?)" + version);
        }
        waitBriefly();
        if (!endpoint.tick(clock.getAsLong())) {
            throw new DeviceException("no acknowledgement from " + connected.description() + " after "
                    + settings.maxAttempts() + " attempts while waiting for " + waitingFor);
        }
    }

    private void checkIdentity(Message.Identify identify, ByteLink connected) throws DeviceException {
        List<String> problems = new ArrayList<>();
        if (identify.protocolMajor() != ProtocolVersion.MAJOR) {
            problems.add("the device speaks protocol %d.%d, this daemon speaks %d.%d (major versions must match; "
                    .formatted(identify.protocolMajor(), identify.protocolMinor(), ProtocolVersion.MAJOR,
                            ProtocolVersion.MINOR) + "flash firmware of protocol " + ProtocolVersion.MAJOR
                    + " (docs/firmware.md), or run a daemon of protocol " + identify.protocolMajor() + ")");
        } else if (identify.protocolMajor() != profile.identity().protocolMajor()) {
            problems.add("profile " + profile.id() + " expects protocol major " + profile.identity().protocolMajor()
                    + ", the device speaks " + identify.protocolMajor());
        }
        if (!identify.boardId().equals(profile.identity().firmwareBoard())) {
            problems.add("board id: profile " + profile.id() + " expects '" + profile.identity().firmwareBoard()
                    + "', the device is '" + identify.boardId() + "'");
        }
        if (identify.maxLeaseMillis() == 0) {
            problems.add("the device reports a maximum lease of 0 ms");
        }
        problems.addAll(ProfileWire.differences(profile, identify.capabilities()));
        if (!problems.isEmpty()) {
            throw new DeviceException("refusing the device on " + connected.description() + " for profile "
                    + profile.id() + ": " + String.join("; ", problems));
        }
    }

    private void supervise() {
        Duration backoff = settings.reconnectInitial();
        while (!closing) {
            State current;
            synchronized (lock) {
                current = state;
            }
            if (current == State.UP) {
                synchronized (lock) {
                    waitBriefly();
                    if (!closing) {
                        superviseUp();
                    }
                }
                backoff = settings.reconnectInitial();
            } else {
                if (!sleep(backoff)) {
                    return;
                }
                try {
                    synchronized (lock) {
                        state = State.CONNECTING;
                    }
                    connectAndHandshake();
                } catch (DeviceException e) {
                    LOG.info("reconnect failed ({}), next attempt in {} ms", e.getMessage(), backoff.toMillis());
                    synchronized (lock) {
                        if (state != State.UP) {
                            state = State.DOWN;
                        }
                    }
                    Duration doubled = backoff.multipliedBy(2);
                    backoff = doubled.compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : doubled;
                }
            }
        }
    }

    /** One supervision step while the link is up; holds the lock. */
    private void superviseUp() {
        long now = clock.getAsLong();
        if (failure != null) {
            lose(failure);
            return;
        }
        if (!endpoint.tick(now)) {
            lose("no acknowledgement after " + settings.maxAttempts() + " attempts");
            return;
        }
        long timeout = settings.statusTimeout().toNanos();
        // Judged only once the reader has read past the deadline: after this process itself stalled (GC, a busy
        // machine), the statuses waiting in the port's buffer are read before anyone calls the board silent.
        if (now - lastStatusAt > timeout && lastReadAt - lastStatusAt > timeout) {
            lose("no valid status for " + (now - lastStatusAt) / MS + " ms (unplugged, powered off, hung, or its "
                    + "status frames are all rejected; rejected so far: %d damaged, %d bad payload, %d bad version)"
                    .formatted(endpoint.crcErrors(), endpoint.rejected(FrameError.BAD_PAYLOAD),
                            endpoint.rejected(FrameError.BAD_VERSION)));
            return;
        }
        if (now - lastReadAt > READER_STUCK_NANOS) {
            lose("the port has not returned from a read for " + (now - lastReadAt) / MS + " ms");
            return;
        }
        if (emergencyPending) {
            if (lastSent != null && !lastSent.allOff()) {
                lastSent = frames.allOff();
                endpoint.sendReliable(lastSent, now);
            }
            if (now - lastEmergencyAt >= ESTOP_REPEAT_NANOS) {
                writeEmergencyStop();
            }
        }
        if (now - lastHeartbeatAt >= settings.heartbeatPeriod().toNanos()) {
            boolean renew = lastSent != null && !lastSent.allOff() && now - lastApplyAt <= leaseMillis * MS;
            endpoint.sendUnreliable(new Message.Heartbeat(renew ? leaseFor(lastSent) : 0));
            lastHeartbeatAt = now;
        }
    }

    private void lose(String reason) {
        LOG.warn("link down: {}", reason);
        state = State.DOWN;
        stopReasons.incrementAndGet();
        closeLink();
        events.post(new DeviceEvent.LinkDown(reason));
    }

    private void readLoop(ByteLink reading) {
        byte[] buffer = new byte[1024];
        while (!closing && link == reading) {
            try {
                int count = reading.read(buffer);
                synchronized (lock) {
                    if (link != reading) {
                        return;
                    }
                    long now = clock.getAsLong();
                    lastReadAt = now;
                    if (count > 0) {
                        endpoint.receiveBytes(buffer, 0, count, now);
                    } else {
                        endpoint.idle(now);
                    }
                    lock.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                synchronized (lock) {
                    if (link == reading && failure == null) {
                        failure = reading.description() + ": " + e.getMessage();
                    }
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    private void writeFrame(byte[] frame) {
        ByteLink current = link;
        if (current == null) {
            return;
        }
        synchronized (writeLock) {
            try {
                current.write(frame);
            } catch (IOException e) {
                failure = current.description() + ": write failed: " + e.getMessage();
            }
        }
    }

    private void writeEmergencyStop() {
        lastEmergencyAt = clock.getAsLong();
        writeFrame(LinkEndpoint.outOfBand(new Message.EmergencyStop(ESTOP_REASON_HOST)));
    }

    private void closeLink() {
        ByteLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
        lock.notifyAll();
    }

    // ---- messages from the device; the reader thread holds the lock ----

    private final class Inbox implements LinkEndpoint.Inbox {
        @Override
        public void deliver(Message message) {
            if (message instanceof Message.Identify identify) {
                if (identify.nonce() == expectedNonce && state == State.CONNECTING) {
                    identified = identify;
                }
            } else if (message instanceof Message.Status status) {
                onStatus(status);
            } else if (message instanceof Message.Fault fault) {
                deviceFaultLatched = true;
                stopReasons.incrementAndGet();
                if (fault.code().equals(FaultCode.EMERGENCY_STOP)) {
                    emergencyPending = false;
                }
                reportBoard(boardReports.fault(fault));
            } else if (message instanceof Message.Boot boot) {
                if (state == State.UP && boot.bootId() != knownBootId) {
                    rebooted(boot.bootId());
                }
            } else {
                LOG.debug("ignored {} from the device", message.type());
            }
        }

        @Override
        public void rejected(FrameError error, String detail) {
            if (error == FrameError.BAD_VERSION) {
                badVersion = detail;
            }
            LOG.debug("rejected {}: {}", error, detail);
        }
    }

    private void onStatus(Message.Status status) {
        lastStatus = status;
        if (state == State.CONNECTING) {
            if (identified != null && status.bootId() == identified.bootId() && status.configured()
                    && status.configCrc() == configCrc) {
                configuredStatus = status;
            }
            return;
        }
        if (state != State.UP) {
            return;
        }
        if (status.bootId() != knownBootId) {
            rebooted(status.bootId());
            return;
        }
        if (!status.configured() || status.configCrc() != configCrc) {
            lose("the device lost its configuration (config CRC 0x%04X, expected 0x%04X)"
                    .formatted(status.configCrc(), configCrc));
            return;
        }
        lastStatusAt = clock.getAsLong();
        deviceFaultLatched = status.faultLatched();
        if (emergencyPending && status.emergencyStopLatched()) {
            emergencyPending = false;
        }
        reportBoard(boardReports.status(status));
        events.post(new DeviceEvent.Status(readings.readings(status)));
    }

    /** A board fault or emergency stop newly seen: the control thread hears of it, and nothing resumes by itself. */
    private void reportBoard(List<DeviceEvent> reports) {
        if (!reports.isEmpty()) {
            stopReasons.incrementAndGet();
        }
        reports.forEach(events::post);
    }

    private void rebooted(long bootId) {
        events.post(new DeviceEvent.Rebooted(knownBootId, bootId));
        knownBootId = bootId;
        lose("the microcontroller restarted (boot id %08x)".formatted(bootId));
    }

    private int leaseFor(Message.Setpoint setpoint) {
        return setpoint.leaseMillis() == 0 ? leaseMillis : setpoint.leaseMillis();
    }

    // ---- small helpers; callers hold the lock ----

    private void waitBriefly() {
        try {
            lock.wait(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !closing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
