package org.massaged.controller.hardware.serial;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.massaged.controller.hardware.Device;
import org.massaged.controller.hardware.DeviceEvent;
import org.massaged.controller.hardware.DeviceEvents;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.controller.hardware.HousekeepingThread;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.protocol.Frame;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The massager behind the serial wire protocol (docs/protocol.md), over a serial port or TCP: the I/O shell around
 * {@link HostLink}, which decides everything the protocol asks of the host. The shell owns the port, a reader
 * thread per connection, and one housekeeping thread that ticks the link when it is due ({@link HostLink#nextDeadline},
 * asked again after every call into the link: an idle healthy link wakes it only for the heartbeat) and reconnects
 * with backoff (250 ms doubling to 5 s) after the link decides it is down or refuses a reconnect.
 *
 * <p>Threads: the control thread calls {@link #open}, {@link #apply} and {@link #close}; the reader feeds the link
 * what the port returns; the housekeeping thread ticks and reconnects; anyone may call {@link #emergencyStop},
 * which takes no lock: it writes the stop frame itself, at once (only {@code writeLock} serialises whole frames on
 * the port), and rings the tick so that the link follows it up. Every other call into the link holds {@code lock};
 * the reader wakes {@link #open} and {@link #close} through it when the link has news.
 */
public final class LinkDevice implements Device {
    private static final Logger LOG = LoggerFactory.getLogger(LinkDevice.class);
    private static final long CLOSE_WAIT_NANOS = 500 * HostLink.MS;
    /** How long {@link #open} waits beyond the handshake timeout, should the housekeeping thread fall behind. */
    private static final long OPEN_MARGIN_NANOS = 2000 * HostLink.MS;

    private final DeviceProfile profile;
    private final LinkConnector connector;
    private final LinkSettings settings;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private final Object writeLock = new Object();
    private final Random nonces = new SecureRandom();
    private final HostLink link;

    // Read without the lock: the emergency path and the reader's loop condition; written under it.
    private volatile ByteLink connection;
    private volatile boolean closing;
    private volatile DeviceEvents events = event -> { };
    /** A write that failed, for the next tick to judge (the link cannot be re-entered from its own write). */
    private volatile String writeFailure;
    /** Runs {@link #tick} when the link is next due; null while closed. */
    private volatile HousekeepingThread.Alarm ticks;

    // Guarded by lock.
    private HousekeepingThread housekeeping;
    private long wakeUps;
    private boolean opening;
    private LinkVerdict verdict;
    private Duration backoff;

    public LinkDevice(DeviceProfile profile, LinkConnector connector, LinkSettings settings, LongSupplier clock) {
        this.profile = Objects.requireNonNull(profile);
        this.connector = connector;
        this.settings = settings;
        this.clock = clock;
        this.link = new HostLink(profile, settings, new Port());
        this.backoff = settings.reconnectInitial();
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
            if (housekeeping != null) {
                throw new IllegalStateException("already open");
            }
            events = Objects.requireNonNull(deviceEvents);
            closing = false;
            backoff = settings.reconnectInitial();
        }
        ByteLink connected = connector.connect();
        LinkVerdict outcome;
        synchronized (lock) {
            opening = true;
            housekeeping = HousekeepingThread.start("massaged-link-" + profile.id());
            ticks = housekeeping.alarm(this::tick);
            attach(connected);
            outcome = awaitHandshake(connected);
            opening = false;
        }
        if (!(outcome instanceof LinkVerdict.Up)) {
            stopHousekeeping();
            throw new DeviceException(outcome instanceof LinkVerdict.Refused refused ? refused.message()
                    : "lost " + connected.description() + " during the handshake");
        }
    }

    @Override
    public void apply(Setpoints setpoints) {
        // Read before anything else (the clock too): an emergency stop from another thread after this point keeps
        // the guard up, even against an all-off computed before it.
        long stopsSeen = link.stopsSoFar();
        synchronized (lock) {
            link.apply(setpoints, stopsSeen, clock.getAsLong());
            planTick();
        }
    }

    @Override
    public void emergencyStop() {
        link.emergencyStop(clock.getAsLong());
        ringTick();
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

    /** Drives outputs off (waiting at most 500 ms for the acknowledgement), stops housekeeping, releases the port. */
    private void closeOutputsOff() {
        closing = true;
        synchronized (lock) {
            if (link.beginClose(clock.getAsLong())) {
                planTick();
                long deadline = clock.getAsLong() + CLOSE_WAIT_NANOS;
                awaitLink(link::closeSettled, deadline);
            }
        }
        stopHousekeeping();
    }

    /** Sees every frame the link acts on (diagnostics; the bit-error test checks none is bad). */
    public void observeAcceptedFrames(Consumer<Frame> observer) {
        synchronized (lock) {
            link.observeAccepted(observer);
        }
    }

    /** The last status the device sent, for diagnostics. */
    public Message.Status lastStatus() {
        synchronized (lock) {
            return link.lastStatus();
        }
    }

    /** Rejected input by class since the link was built (for diagnostics and tests). */
    public long rejected(FrameError error) {
        synchronized (lock) {
            return link.rejected(error);
        }
    }

    public long retransmits() {
        synchronized (lock) {
            return link.retransmits();
        }
    }

    public boolean isUp() {
        synchronized (lock) {
            return link.isUp();
        }
    }

    /** How often the housekeeping thread has ticked the link since it was built (diagnostics: an idle link rests). */
    long wakeUps() {
        synchronized (lock) {
            return wakeUps;
        }
    }

    // ---- the connection; callers hold the lock ----

    private void attach(ByteLink connected) {
        connection = connected;
        writeFailure = null;
        verdict = null;
        Thread reader = new Thread(() -> readLoop(connected), "massaged-link-reader");
        reader.setDaemon(true);
        reader.start();
        link.connected(connected.description(), nonces.nextInt() & 0xFFFF_FFFFL, clock.getAsLong());
        planTick();
    }

    /** The first verdict on the connection {@link #open} made. */
    private LinkVerdict awaitHandshake(ByteLink connected) {
        long deadline = clock.getAsLong() + settings.handshakeTimeout().toNanos() + OPEN_MARGIN_NANOS;
        awaitLink(() -> verdict != null, deadline);
        return verdict != null ? verdict : new LinkVerdict.Refused((Thread.currentThread().isInterrupted()
                ? "interrupted while opening " : "no verdict on the handshake with ") + connected.description());
    }

    /** Waits on the lock (the reader and the housekeeping thread wake it) until {@code done} or the deadline. */
    private void awaitLink(BooleanSupplier done, long deadlineNanos) {
        long left;
        while (!done.getAsBoolean() && (left = deadlineNanos - clock.getAsLong()) > 0) {
            try {
                lock.wait(Math.max(1, left / HostLink.MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeConnection() {
        ByteLink current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
        lock.notifyAll();
    }

    // ---- the housekeeping thread ----

    private void tick() {
        synchronized (lock) {
            wakeUps++;
            long now = clock.getAsLong();
            String failed = writeFailure;
            if (failed != null) {
                writeFailure = null;
                link.failed(failed, now);
            }
            link.tick(now);
            planTick();
        }
    }

    /** Sets the tick for when the link is next due; after every call into the link. Callers hold the lock. */
    private void planTick() {
        HousekeepingThread.Alarm alarm = ticks;
        if (alarm != null) {
            alarm.set(link.nextDeadline(), clock.getAsLong());
        }
    }

    /** Ticks at once, from any thread, without the lock (an emergency stop, a failed write). */
    private void ringTick() {
        HousekeepingThread.Alarm alarm = ticks;
        if (alarm != null) {
            alarm.ring();
        }
    }

    private void reconnect() {
        if (closing) {
            return;
        }
        ByteLink connected;
        try {
            connected = connector.connect();
        } catch (DeviceException e) {
            synchronized (lock) {
                retryLater(e.getMessage());
            }
            return;
        }
        synchronized (lock) {
            if (closing) {
                connected.close();
                return;
            }
            attach(connected);
        }
    }

    /** Callers hold the lock. */
    private void retryLater(String why) {
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.reconnectMax()) > 0 ? settings.reconnectMax() : doubled;
        if (!closing && housekeeping != null) {
            if (why != null) {
                LOG.info("reconnect failed ({}), next attempt in {} ms", why, wait.toMillis());
            }
            housekeeping.after(wait, this::reconnect);
        }
    }

    private void stopHousekeeping() {
        HousekeepingThread running;
        synchronized (lock) {
            running = housekeeping;
            housekeeping = null;
            ticks = null;
        }
        if (running != null) {
            running.close();
        }
        synchronized (lock) {
            link.disconnected();
            closeConnection();
        }
    }

    // ---- the reader thread ----

    private void readLoop(ByteLink reading) {
        byte[] buffer = new byte[1024];
        while (connection == reading) {
            try {
                int count = reading.read(buffer);
                synchronized (lock) {
                    if (connection != reading) {
                        return;
                    }
                    long now = clock.getAsLong();
                    if (count > 0) {
                        link.receive(buffer, 0, count, now);
                    } else {
                        link.idle(now);
                    }
                    planTick();
                    lock.notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                synchronized (lock) {
                    if (connection == reading) {
                        link.failed(reading.description() + ": " + e.getMessage(), clock.getAsLong());
                        planTick();
                    }
                    lock.notifyAll();
                }
                return;
            }
        }
    }

    /** What the link decides, carried out; runs inside calls into the link, so with the lock held. */
    private final class Port implements LinkPort {
        @Override
        public void write(byte[] frame) {
            ByteLink current = connection;
            if (current == null) {
                return;
            }
            synchronized (writeLock) {
                try {
                    current.write(frame);
                } catch (IOException e) {
                    if (writeFailure == null && current == connection) {
                        writeFailure = current.description() + ": write failed: " + e.getMessage();
                        ringTick();
                    }
                }
            }
        }

        @Override
        public void post(DeviceEvent event) {
            events.post(event);
        }

        @Override
        public void decided(LinkVerdict decided) {
            if (verdict == null) {
                verdict = decided;   // the first verdict on a connection: what open() waits for
            }
            if (decided instanceof LinkVerdict.Up) {
                backoff = settings.reconnectInitial();
            } else {
                closeConnection();
                boolean openFails = opening && decided instanceof LinkVerdict.Refused;
                if (!openFails) {
                    retryLater(decided instanceof LinkVerdict.Refused refused ? refused.message() : null);
                }
            }
            lock.notifyAll();
        }
    }
}
