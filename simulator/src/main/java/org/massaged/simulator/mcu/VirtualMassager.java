package org.massaged.simulator.mcu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.massaged.controller.hardware.HousekeepingThread;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;
import org.massaged.device.protocol.FrameError;
import org.massaged.simulator.faults.FaultInjector;
import org.massaged.simulator.faults.FaultScenario;
import org.massaged.simulator.faults.FaultTarget;
import org.massaged.simulator.physics.MassagerPhysics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated massager: the microcontroller's firmware ({@link McuCore}) over the physics model, served on
 * TCP (127.0.0.1) and optionally as a pseudo-terminal, with fault injection. One lock serialises the
 * firmware; in virtual time {@link #advance} runs its loop in tick-sized steps; in real time its thread sleeps until
 * the loop next has work ({@link McuCore#nextTickAt}: a status, a retransmission, a lease, a motor check, a scheduled
 * fault; every tick while a kick or the heater runs), and each frame from the line may bring that time forward.
 */
public final class VirtualMassager implements AutoCloseable, FaultTarget {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMassager.class);

    private record Delayed(long dueNanos, long order, byte[] bytes) {}

    private record Due(long dueNanos, FaultScenario.ScheduledFault fault, String source) {}

    /** A frame cut off by this long a pause is truncated (the firmware's inter-byte timeout). */
    private static final int LINE_IDLE_MILLIS = 50;

    private final Object lock = new Object();
    private final DeviceProfile profile;
    private final SimulatorOptions options;
    private final MassagerPhysics physics;
    private final FaultInjector faults;
    private final Random random;
    private final LineDamage line;
    private final McuCore core;
    private final ServerSocket server;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.order, b.order));
    /** The firmware's loop in real time ({@code sim-mcu-loop}); absent in virtual time. */
    private final Optional<HousekeepingThread> loop;
    /** Runs the loop when it is next due (real time). */
    private final Optional<HousekeepingThread.Alarm> loopDue;
    private final Optional<PtyBridge> pty;
    private final Thread acceptor;
    private final List<Due> scheduled = new ArrayList<>();
    private long virtualNanos;
    private long loopDueAt;
    private long delayedOrder;
    private volatile boolean closed;
    private volatile FrameRecording recording;

    private VirtualMassager(DeviceProfile profile, SimulatorOptions options) throws IOException {
        this.profile = profile;
        this.options = options;
        this.physics = MassagerPhysics.forProfile(profile);
        this.faults = new FaultInjector(this);
        this.random = new Random(options.seed());
        this.line = new LineDamage(random, faults::line);
        this.virtualNanos = options.virtualTime() ? 1_000_000_000L : 0;
        this.core = new McuCore(SimulatedBoard.of(profile).withSessionCap((int) options.boardSessionCap().toSeconds()),
                physics, this::emit, random.nextInt() & 0xFFFF_FFFFL, now(),
                message -> LOG.debug("mcu: {}", message));
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.tcpPort()));
        this.acceptor = new Thread(this::acceptLoop, "sim-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        this.loop = options.virtualTime() ? Optional.empty() : Optional.of(HousekeepingThread.start("sim-mcu-loop"));
        this.loopDue = loop.map(thread -> thread.alarm(this::tickLocked));
        loopDue.ifPresent(HousekeepingThread.Alarm::ring);
        this.pty = options.pty().isPresent()
                ? Optional.of(PtyBridge.start(options.pty().get(), server.getLocalPort()))
                : Optional.empty();
    }

    /** Starts the firmware and physics of {@code profile}, serving it as {@code options} say. */
    public static VirtualMassager start(DeviceProfile profile, SimulatorOptions options) throws IOException {
        return new VirtualMassager(profile, options);
    }

    public int tcpPort() {
        return server.getLocalPort();
    }

    public Optional<Path> ptyPath() {
        return options.pty();
    }

    public DeviceProfile profile() {
        return profile;
    }

    /** The hardware steps the firmware drives the motor of {@code zone} at now. */
    public int zoneSteps(String zone) {
        synchronized (lock) {
            return core.zoneSteps(zone);
        }
    }

    public MassagerPhysics physics() {
        return physics;
    }

    public FaultInjector faults() {
        return faults;
    }

    public McuState state() {
        synchronized (lock) {
            Map<String, Integer> steps = new HashMap<>();
            for (Zone zone : profile.zones()) {
                steps.put(zone.id(), core.zoneSteps(zone.id()));
            }
            return new McuState(core.bootId(), core.configured(), core.latchedFault(), core.emergencyStopLatched(),
                    steps, core.heaterOutput(), core.setpointsApplied(), core.emergencyStops(),
                    core.endpoint().crcErrors(), core.endpoint().retransmits(),
                    core.endpoint().rejected(FrameError.BAD_VERSION));
        }
    }

    /** Runs the scenario's faults at their times, counted from now. */
    public void schedule(FaultScenario scenario) {
        synchronized (lock) {
            long start = now();
            scenario.faults().forEach(fault -> scheduled.add(new Due(start + fault.at().toNanos(), fault,
                    scenario.source())));
            scheduled.sort((a, b) -> Long.compare(a.dueNanos(), b.dueNanos()));
            afterInput();
        }
    }

    /** Starts recording every frame on the line (clean, before faults) and what the firmware accepts. */
    public FrameRecording recordFrames() {
        FrameRecording fresh = new FrameRecording();
        synchronized (lock) {
            recording = fresh;
            core.endpoint().observeAccepted(fresh::acceptedByMcu);
        }
        return fresh;
    }

    /** Virtual time only: runs the firmware loop for {@code duration} in tick-sized steps. */
    public void advance(Duration duration) {
        if (!options.virtualTime()) {
            throw new IllegalStateException("advance() needs SimulatorOptions.withVirtualTime()");
        }
        long step = options.tickPeriod().toNanos();
        long remaining = duration.toNanos();
        while (remaining > 0) {
            long dt = Math.min(step, remaining);
            synchronized (lock) {
                virtualNanos += dt;
                tick();
            }
            remaining -= dt;
        }
    }

    /** The simulator's monotonic clock in nanoseconds (virtual or real). */
    public long nanoTime() {
        synchronized (lock) {
            return now();
        }
    }

    // ---- fault target ----

    @Override
    public void reset() {
        synchronized (lock) {
            core.reset(random.nextInt() & 0xFFFF_FFFFL, now());
            afterInput();
        }
    }

    @Override
    public void unplug() {
        pty.ifPresent(PtyBridge::stop);
        clients.forEach(VirtualMassager::closeQuietly);
        clients.clear();
    }

    @Override
    public void replug() {
        pty.ifPresent(bridge -> {
            try {
                bridge.restart();
            } catch (IOException e) {
                LOG.warn("could not replug the pseudo-terminal: {}", e.getMessage());
            }
        });
    }

    @Override
    public void protocolMajor(int major) {
        synchronized (lock) {
            core.protocolMajor(major);
        }
    }

    @Override
    public void motorStall(String zone, boolean jammed) {
        changePhysics(() -> physics.stall(zone, jammed));
    }

    @Override
    public void stuckRelay(String zone, int steps) {
        changePhysics(() -> physics.weldRelay(zone, steps));
    }

    @Override
    public void heaterRunaway(boolean stuckOn) {
        changePhysics(() -> physics.heaterStuckOn(stuckOn));
    }

    @Override
    public void overTemperature(double sensorOffsetKelvin) {
        changePhysics(() -> physics.padSensorOffset(sensorOffsetKelvin));
    }

    @Override
    public void sensorStuck(boolean stuck) {
        changePhysics(() -> physics.padSensorStuck(stuck));
    }

    @Override
    public void occupied(boolean occupied) {
        changePhysics(() -> physics.occupied(occupied));
    }

    @Override
    public void close() {
        closed = true;
        loop.ifPresent(HousekeepingThread::close);
        pty.ifPresent(PtyBridge::stop);
        closeQuietly(server);
        clients.forEach(VirtualMassager::closeQuietly);
        clients.clear();
    }

    // ---- the loop and the line ----

    private long now() {
        return options.virtualTime() ? virtualNanos : System.nanoTime();
    }

    private void tickLocked() {
        synchronized (lock) {
            tick();
            planLoop();
        }
    }

    private void tick() {
        long now = now();
        while (!scheduled.isEmpty() && scheduled.get(0).dueNanos() - now <= 0) {
            Due due = scheduled.remove(0);
            LOG.info("scenario {}:{}: {}", due.source(), due.fault().line(), due.fault().command());
            runScheduled(due.fault().command());
        }
        core.tick(now);
        while (!delayed.isEmpty() && delayed.peek().dueNanos() - now <= 0) {
            writeToClients(delayed.poll().bytes());
        }
    }

    /**
     * Real time only, after anything that may change when the loop is next due (a frame, a pause on the line, a fault):
     * runs the loop now if it is overdue (a busy machine can hold one thread back for a second, and a board's timer
     * keeps running whatever its main loop does), then plans it anew. Callers hold the lock.
     */
    private void afterInput() {
        if (loopDue.isPresent() && now() - loopDueAt >= 0) {
            tick();
        }
        planLoop();
    }

    /** Real time only: sets the loop's thread to wake when the loop next has work. Callers hold the lock. */
    private void planLoop() {
        if (loopDue.isEmpty()) {
            return;
        }
        long now = now();
        long due = core.nextTickAt(now, options.tickPeriod().toNanos());
        if (!scheduled.isEmpty()) {
            due = Math.min(due, scheduled.get(0).dueNanos());
        }
        if (!delayed.isEmpty()) {
            due = Math.min(due, delayed.peek().dueNanos());
        }
        loopDueAt = due;
        loopDue.get().set(due, now);
    }

    /** A physical fault or change, from the moment it happens: the physics runs up to it first. */
    private void changePhysics(Runnable change) {
        synchronized (lock) {
            core.advancePhysics(now());
            change.run();
            afterInput();
        }
    }

    /** A frame from the firmware on its way to the line, through the line faults. */
    private void emit(byte[] frame) {
        FrameRecording recorder = recording;
        if (recorder != null) {
            recorder.mcuBytes(frame);
        }
        Optional<byte[]> passed = line.pass(frame, frame.length);
        if (passed.isEmpty()) {
            return;
        }
        byte[] bytes = passed.get();
        int copies = line.copies();
        for (int i = 0; i < copies; i++) {
            if (line.delays()) {
                delayed.add(new Delayed(now() + faults.line().delay().toNanos(), delayedOrder++, bytes));
            } else {
                writeToClients(bytes);
            }
        }
    }

    /** Runs a scheduled fault on the firmware thread (the lock is reentrant), so virtual time stays exact. */
    private void runScheduled(String command) {
        try {
            faults.command(command);
        } catch (RuntimeException e) {
            LOG.warn("scenario fault '{}' failed: {}", command, e.getMessage());
        }
    }

    private void writeToClients(byte[] bytes) {
        for (Socket client : clients) {
            try {
                OutputStream out = client.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                clients.remove(client);
                closeQuietly(client);
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (faults.line().unplugged()) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                clients.add(client);
                Thread reader = new Thread(() -> readLoop(client), "sim-read-" + client.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void readLoop(Socket client) {
        byte[] buffer = new byte[512];
        try (client; InputStream in = client.getInputStream()) {
            boolean midFrame = false;
            while (!closed && clients.contains(client)) {
                // a pause only matters within a frame: else the reader sleeps until the next byte
                client.setSoTimeout(midFrame ? LINE_IDLE_MILLIS : 0);
                int count;
                try {
                    count = in.read(buffer);
                } catch (SocketTimeoutException idle) {
                    synchronized (lock) {
                        core.lineIdle(now());
                        afterInput();
                    }
                    midFrame = false;
                    continue;
                }
                if (count < 0) {
                    break;
                }
                midFrame = receive(buffer, count);
            }
        } catch (SocketException e) {
            LOG.debug("client {} gone: {}", client.getPort(), e.getMessage());
        } catch (IOException e) {
            LOG.warn("client {} failed: {}", client.getPort(), e.getMessage());
        } finally {
            clients.remove(client);
        }
    }

    /** Feeds the firmware; whether it now holds part of a frame. */
    private boolean receive(byte[] buffer, int count) {
        synchronized (lock) {
            FrameRecording recorder = recording;
            if (recorder != null) {
                recorder.hostBytes(buffer, count);
            }
            line.pass(buffer, count).ifPresent(bytes -> core.receive(bytes, 0, bytes.length, now()));
            afterInput();
            return core.endpoint().midFrame();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }
}
