package org.massaged.simulator.mcu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/**
 * The motor-driver microcontroller's firmware, as the simulator runs it, written to docs/protocol.md §3–§6: the
 * protocol endpoint and latched faults here, over the {@link Deadman} (lease), the {@link SessionCap}, the
 * {@link OutputMonitor} (kick start, stall, stuck relay) and the {@link PadHeater} (thermostat, trip, runaway,
 * sensors), over a physics model. Its rules come from CONFIGURE alone, as on the
 * real firmware; what it knows of the device is the hardware of the {@link SimulatedBoard}.
 * Time is passed in (monotonic nanoseconds). Not thread-safe: {@link VirtualMassager} serialises calls.
 */
public final class McuCore {
    public static final String FIRMWARE_VERSION = "sim-2.0.0";
    public static final int MAX_LEASE_MILLIS = 1000;
    static final int DEFAULT_STATUS_MILLIS = 250;
    static final int MAX_SENDS = 20;
    private static final long MS = 1_000_000L;
    private static final int ESTOP_REASON_HOST = 1;

    private final SimulatedBoard board;
    private final MassagerPhysics physics;
    private final LinkEndpoint endpoint;
    private final Consumer<String> log;
    private final Set<FaultCode> reported = new HashSet<>();
    private final Deadman deadman = new Deadman();
    private final SessionCap cap = new SessionCap();
    private final OutputMonitor outputs;
    private final PadHeater heater;
    private long bootId;
    private long bootedAt;
    private long now;
    private int protocolMajor = ProtocolVersion.MAJOR;
    private Message.Configure configuration;
    private int configCrc;
    private FaultCode latched = FaultCode.NONE;
    private boolean emergencyStopLatched;
    private long nextStatusAt;
    private long lastPhysicsAt;
    private long setpointsApplied;
    private long emergencyStops;

    McuCore(SimulatedBoard board, MassagerPhysics physics, Consumer<byte[]> output, long bootId, long nowNanos,
            Consumer<String> log) {
        this.board = board;
        this.physics = physics;
        this.log = log;
        this.endpoint = new LinkEndpoint(output::accept, new LinkEndpoint.Inbox() {
            @Override
            public void deliver(Message message) {
                handle(message);
            }

            @Override
            public void rejected(FrameError error, String detail) {
                log.accept("rejected " + error + ": " + detail);
            }
        }, 100 * MS, MAX_SENDS);
        this.outputs = new OutputMonitor(board, physics);
        this.heater = new PadHeater(board, physics);
        boot(bootId, nowNanos, false);
    }

    // ---- inputs from the line and the clock ----

    void receive(byte[] data, int offset, int length, long nowNanos) {
        advancePhysics(nowNanos);
        now = nowNanos;
        endpoint.receiveBytes(data, offset, length, nowNanos);
    }

    void lineIdle(long nowNanos) {
        now = nowNanos;
        endpoint.idle(nowNanos);
    }

    void tick(long nowNanos) {
        now = nowNanos;
        outputs.update(configuration, nowNanos);
        advancePhysics(nowNanos);
        deadman.expired(anyOutput(), nowNanos).ifPresent(this::latch);
        cap.check(anyOutput(), sessionCapSeconds(), nowNanos).ifPresent(this::latch);
        outputs.check(configuration, nowNanos).forEach(this::latch);
        heater.check(configuration).forEach(this::latch);
        if (!endpoint.tick(nowNanos)) {
            log.accept("gave up on a frame after " + MAX_SENDS + " sends; its sequence is not reused");
            endpoint.dropInFlight(nowNanos);
        }
        if (nowNanos - nextStatusAt >= 0) {
            endpoint.sendUnreliable(status());
            nextStatusAt = nowNanos + statusPeriodMillis() * MS;
        }
    }

    /**
     * When {@link #tick} next has work, on the clock of {@code nowNanos}, with the physics brought up to it: the next
     * status, retransmission, lease or cap deadline, or motor check (from the motors' lag); while a kick, the
     * thermostat or the heating element runs, every {@code loopNanos}, as the firmware's loop would. Never sooner than
     * one {@code loopNanos} on: a check that holds stays checked once a loop, as on the board.
     */
    long nextTickAt(long nowNanos, long loopNanos) {
        advancePhysics(nowNanos);
        long next = Math.min(nextStatusAt, endpoint.retransmitDueAt());
        next = Math.min(next, deadman.dueAt(anyOutput()));
        next = Math.min(next, cap.nextCheckAt(anyOutput(), sessionCapSeconds(), nowNanos));
        next = Math.min(next, outputs.nextCheckAt(configuration, nowNanos, loopNanos));
        if (heater.commanded() || physics.heaterElementOn()) {
            next = nowNanos + loopNanos;
        }
        return Math.max(next, nowNanos + loopNanos);
    }

    /**
     * Brings the physics up to {@code nowNanos} with the drive in force until then, before anything may change it (a
     * frame, a tick, a physical fault).
     */
    void advancePhysics(long nowNanos) {
        if (lastPhysicsAt == 0) {
            lastPhysicsAt = nowNanos;
        }
        long dt = nowNanos - lastPhysicsAt;
        if (dt > 0) {
            heater.regulate(configuration, latched.isFault());
            physics.step(Duration.ofNanos(dt), new PhysicsInputs(outputs.drives(), heater.output()));
            lastPhysicsAt = nowNanos;
        }
    }

    /** A reset: new boot id, everything volatile forgotten, a BOOT notice sent. */
    void reset(long newBootId, long nowNanos) {
        advancePhysics(nowNanos);
        boot(newBootId, nowNanos, true);
    }

    void protocolMajor(int major) {
        this.protocolMajor = major;
        endpoint.versionByte(ProtocolVersion.versionByte(major, 0));
    }

    // ---- what the simulator exposes ----

    int zoneSteps(String zone) {
        int index = board.zoneIds().indexOf(zone);
        if (index < 0) {
            throw new IllegalArgumentException("no zone '" + zone + "'; zones are " + board.zoneIds());
        }
        return outputs.driven(index);
    }

    long bootId() {
        return bootId;
    }

    FaultCode latchedFault() {
        return latched;
    }

    boolean emergencyStopLatched() {
        return emergencyStopLatched;
    }

    boolean configured() {
        return configuration != null;
    }

    boolean heaterOutput() {
        return heater.output();
    }

    long setpointsApplied() {
        return setpointsApplied;
    }

    long emergencyStops() {
        return emergencyStops;
    }

    LinkEndpoint endpoint() {
        return endpoint;
    }

    // ---- protocol ----

    private void boot(long newBootId, long nowNanos, boolean announce) {
        bootId = newBootId & 0xFFFF_FFFFL;
        bootedAt = nowNanos;
        now = nowNanos;
        unconfigure();
        latched = FaultCode.NONE;
        reported.clear();
        emergencyStopLatched = false;
        cap.reset(nowNanos);
        nextStatusAt = nowNanos;
        outputs.reset(nowNanos);
        endpoint.restart();
        if (announce) {
            endpoint.sendReliable(new Message.Boot(bootId, 1), nowNanos);
        }
    }

    private void handle(Message message) {
        if (message instanceof Message.EmergencyStop stop) {
            emergencyStop(stop.reason());
        } else if (message instanceof Message.Hello hello) {
            unconfigure();
            endpoint.restartTransmit();
            endpoint.sendReliable(identify(hello.nonce()), now);
        } else if (message instanceof Message.Configure configure) {
            configure(configure);
        } else if (message instanceof Message.Setpoint setpoint) {
            setpoint(setpoint);
        } else if (message instanceof Message.Heartbeat heartbeat) {
            endpoint.sendUnreliable(new Message.Ack());
            if (anyOutput()) {
                deadman.renew(heartbeat.leaseMillis(), maxLeaseMillis(), now);
            }
        } else if (message instanceof Message.ClearFaults) {
            clearFaults();
        } else {
            log.accept("ignored " + message.type() + " from the host");
        }
    }

    private Message.Identify identify(long nonce) {
        return new Message.Identify(protocolMajor, ProtocolVersion.MINOR, FIRMWARE_VERSION, board.boardId(), bootId,
                nonce, MAX_LEASE_MILLIS, board.sessionCapSeconds(), board.capabilities());
    }

    private void configure(Message.Configure configure) {
        Optional<BoardChecks.Problem> problem = BoardChecks.configure(configure, board);
        if (problem.isPresent()) {
            unconfigure();
            latch(new Message.Fault(FaultCode.BAD_CONFIGURATION, problem.get().index(), problem.get().offset(),
                    problem.get().message()));
            return;
        }
        cutOutputs();
        configuration = configure;
        configCrc = MessageCodec.configCrc(configure);
        outputs.configure(configure);
        nextStatusAt = now;
    }

    private void setpoint(Message.Setpoint setpoint) {
        setpointsApplied++;
        if (configuration == null || setpoint.allOff() || latched.isFault()) {
            cutOutputs();
            return;
        }
        Optional<BoardChecks.Problem> problem = BoardChecks.setpoint(setpoint, configuration, maxLeaseMillis());
        if (problem.isPresent()) {
            latch(new Message.Fault(FaultCode.SETPOINT_REJECTED, problem.get().index(), problem.get().offset(),
                    problem.get().message()));
            return;
        }
        outputs.ask(setpoint.zoneSteps());
        heater.command(setpoint.heaterOn(), setpoint.heaterCentiCelsius());
        deadman.start(setpoint.leaseMillis(), now);
        outputs.update(configuration, now);
    }

    private void emergencyStop(int reason) {
        emergencyStops++;
        cutOutputs();
        if (!emergencyStopLatched) {
            emergencyStopLatched = true;
            latch(new Message.Fault(FaultCode.EMERGENCY_STOP, Message.Fault.NO_INDEX, reason,
                    reason == ESTOP_REASON_HOST ? "emergency stop from the host" : "emergency stop, reason " + reason));
        }
    }

    private void clearFaults() {
        Optional<Message.Fault> persisting = heater.persistingCause(configuration);
        if (persisting.isPresent()) {
            endpoint.sendReliable(persisting.get(), now);
            return;
        }
        latched = FaultCode.NONE;
        reported.clear();
        emergencyStopLatched = false;
    }

    /** Cuts every output; the first fault stays latched, and each distinct one is reported once. */
    private void latch(Message.Fault fault) {
        cutOutputs();
        if (!latched.isFault()) {
            latched = fault.code();
        }
        if (reported.add(fault.code())) {
            log.accept("fault " + fault.code() + ": " + fault.message());
            endpoint.sendReliable(fault, now);
        }
    }

    private void unconfigure() {
        cutOutputs();
        configuration = null;
        configCrc = 0;
        outputs.unconfigure();
    }

    private void cutOutputs() {
        outputs.cut();
        outputs.update(configuration, now);
        heater.off();
        deadman.stop(now);
    }

    private boolean anyOutput() {
        return heater.commanded() || outputs.anyDriven();
    }

    private Message.Status status() {
        List<Message.ZoneStatus> zones = new ArrayList<>();
        Message.Capabilities caps = board.capabilities();
        for (int i = 0; i < board.zoneCount(); i++) {
            String zone = board.zoneIds().get(i);
            zones.add(new Message.ZoneStatus(outputs.driven(i), caps.tachometer() ? clampU16(physics.rpm(zone)) : 0,
                    caps.motorCurrent() ? clampU16(physics.currentMa(zone)) : 0));
        }
        long leaseLeft = deadman.leftMillis(anyOutput(), now);
        return new Message.Status(bootId, ((now - bootedAt) / MS) & 0xFFFF_FFFFL, configuration != null,
                latched.isFault(), emergencyStopLatched, heater.output(), caps.occupancy(),
                caps.occupancy() && physics.occupied(), false, latched, configCrc, (int) Math.min(leaseLeft, 0xFFFF),
                (int) Math.min(endpoint.crcErrors(), 0xFFFF), (int) Math.min(endpoint.retransmits(), 0xFFFF),
                zones, heater.temperaturesCenti());
    }

    private int statusPeriodMillis() {
        return configuration == null || configuration.statusPeriodMillis() == 0
                ? DEFAULT_STATUS_MILLIS : configuration.statusPeriodMillis();
    }

    private int maxLeaseMillis() {
        return configuration == null ? MAX_LEASE_MILLIS : Math.min(MAX_LEASE_MILLIS, configuration.maxLeaseMillis());
    }

    private int sessionCapSeconds() {
        return configuration == null || configuration.sessionCapSeconds() == 0
                ? board.sessionCapSeconds() : Math.min(board.sessionCapSeconds(), configuration.sessionCapSeconds());
    }

    private static int clampU16(double value) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(value)));
    }

    static int clampI16(double value) {
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
    }
}
