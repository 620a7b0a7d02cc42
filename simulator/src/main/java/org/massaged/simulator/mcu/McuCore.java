package org.massaged.simulator.mcu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.KickStarter;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/**
 * The motor-driver microcontroller's firmware, as the simulator runs it, written to docs/protocol.md §3–§6:
 * protocol endpoint, lease deadman, its own session cap, kick start, stall and stuck-relay detection, heater
 * regulation and trips, latched faults, over a physics model. Its rules come from CONFIGURE alone, as on the
 * real firmware; what it knows of the device is the hardware of the {@link SimulatedBoard}.
 * Time is passed in (monotonic nanoseconds). Not thread-safe: {@link VirtualMassager} serialises calls.
 */
public final class McuCore {
    public static final String FIRMWARE_VERSION = "sim-2.0.0";
    public static final int MAX_LEASE_MILLIS = 1000;
    /** Outputs must stay off this long before the session-cap clock starts again. */
    public static final Duration CAP_RESET_AFTER_OFF = Duration.ofSeconds(60);
    static final int DEFAULT_STATUS_MILLIS = 250;
    static final int MAX_SENDS = 20;
    private static final long MS = 1_000_000L;
    private static final long STALL_AFTER_NANOS = 1000 * MS;
    private static final int HEATER_HYSTERESIS_CENTI = 50;
    /** The pad cannot pass the heater maximum by this much with the heater off, unless the relay is stuck. */
    private static final int RUNAWAY_MARGIN_CENTI = 100;
    private static final int SENSOR_MIN_CENTI = -2000;
    private static final int SENSOR_MAX_CENTI = 9000;
    private static final int ESTOP_REASON_HOST = 1;

    private final SimulatedBoard board;
    private final MassagerPhysics physics;
    private final LinkEndpoint endpoint;
    private final Consumer<String> log;
    private final Set<FaultCode> reported = new HashSet<>();
    private final int[] asked;
    private final int[] drive;
    private final KickStarter[] kicks;
    private final long[] offSince;
    private final long[] drivenSince;
    private long bootId;
    private long bootedAt;
    private long now;
    private int protocolMajor = ProtocolVersion.MAJOR;
    private Message.Configure configuration;
    private int configCrc;
    private boolean heaterCommanded;
    private int heaterSetpointCenti;
    private boolean heaterOutput;
    private long leaseDeadline;
    private int leaseMillis;
    private FaultCode latched = FaultCode.NONE;
    private boolean emergencyStopLatched;
    private long runStartedAt = -1;
    private long allOffSince = -1;
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
        int zones = board.zoneCount();
        this.asked = new int[zones];
        this.drive = new int[zones];
        this.kicks = new KickStarter[zones];
        java.util.Arrays.setAll(kicks, i -> KickStarter.none());
        this.offSince = new long[zones];
        this.drivenSince = new long[zones];
        boot(bootId, nowNanos, false);
    }

    // ---- inputs from the line and the clock ----

    void receive(byte[] data, int offset, int length, long nowNanos) {
        now = nowNanos;
        endpoint.receiveBytes(data, offset, length, nowNanos);
    }

    void lineIdle(long nowNanos) {
        now = nowNanos;
        endpoint.idle(nowNanos);
    }

    void tick(long nowNanos) {
        now = nowNanos;
        if (lastPhysicsAt == 0) {
            lastPhysicsAt = nowNanos;
        }
        updateDrives();
        long dt = nowNanos - lastPhysicsAt;
        if (dt > 0) {
            regulateHeater();
            physics.step(Duration.ofNanos(dt), physicsInputs());
            lastPhysicsAt = nowNanos;
        }
        enforceLease();
        enforceSessionCap();
        verifyMotors();
        verifyTemperatures();
        if (!endpoint.tick(nowNanos)) {
            log.accept("gave up on a frame after " + MAX_SENDS + " sends; its sequence is not reused");
            endpoint.dropInFlight(nowNanos);
        }
        if (nowNanos - nextStatusAt >= 0) {
            endpoint.sendUnreliable(status());
            nextStatusAt = nowNanos + statusPeriodMillis() * MS;
        }
    }

    /** A reset: new boot id, everything volatile forgotten, a BOOT notice sent. */
    void reset(long newBootId, long nowNanos) {
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
        return drive[index];
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
        return heaterOutput;
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
        runStartedAt = -1;
        allOffSince = nowNanos;
        nextStatusAt = nowNanos;
        java.util.Arrays.fill(offSince, nowNanos);
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
            if (anyOutput() && heartbeat.leaseMillis() > 0) {
                leaseMillis = Math.min(heartbeat.leaseMillis(), maxLeaseMillis());
                leaseDeadline = now + leaseMillis * MS;
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
            latch(FaultCode.BAD_CONFIGURATION, problem.get().index(), problem.get().offset(), problem.get().message());
            return;
        }
        cutOutputs();
        configuration = configure;
        configCrc = MessageCodec.configCrc(configure);
        for (int i = 0; i < kicks.length; i++) {
            Message.ZoneConfig zone = configure.zones().get(i);
            kicks[i] = new KickStarter(zone.kickSteps(), zone.kickMillis() * MS);
        }
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
            latch(FaultCode.SETPOINT_REJECTED, problem.get().index(), problem.get().offset(), problem.get().message());
            return;
        }
        for (int i = 0; i < asked.length; i++) {
            asked[i] = setpoint.zoneSteps().get(i);
        }
        heaterCommanded = setpoint.heaterOn();
        heaterSetpointCenti = setpoint.heaterCentiCelsius();
        leaseMillis = setpoint.leaseMillis();
        leaseDeadline = now + leaseMillis * MS;
        updateDrives();
    }

    private void emergencyStop(int reason) {
        emergencyStops++;
        cutOutputs();
        if (!emergencyStopLatched) {
            emergencyStopLatched = true;
            latch(FaultCode.EMERGENCY_STOP, Message.Fault.NO_INDEX, reason,
                    reason == ESTOP_REASON_HOST ? "emergency stop from the host" : "emergency stop, reason " + reason);
        }
    }

    private void clearFaults() {
        Optional<Message.Fault> persisting = persistingCause();
        if (persisting.isPresent()) {
            endpoint.sendReliable(persisting.get(), now);
            return;
        }
        latched = FaultCode.NONE;
        reported.clear();
        emergencyStopLatched = false;
    }

    /** A cause that is still there, as the FAULT that answers a refused CLEAR_FAULTS. */
    private Optional<Message.Fault> persistingCause() {
        List<Integer> temperatures = temperaturesCenti();
        for (int i = 0; i < temperatures.size(); i++) {
            int centi = temperatures.get(i);
            if (centi < SENSOR_MIN_CENTI || centi > SENSOR_MAX_CENTI) {
                return Optional.of(new Message.Fault(FaultCode.SENSOR_FAULT, i, centi,
                        "not cleared: sensor " + i + " still reads " + centi / 100.0 + " °C"));
            }
        }
        if (configuration != null && board.padSensorIndex().isPresent()) {
            int pad = temperatures.get(board.padSensorIndex().getAsInt());
            if (pad >= configuration.heaterTripCentiCelsius()) {
                return Optional.of(new Message.Fault(FaultCode.OVER_TEMPERATURE, board.padSensorIndex().getAsInt(), pad,
                        "not cleared: pad still at " + pad / 100.0 + " °C"));
            }
        }
        return Optional.empty();
    }

    // ---- the firmware's own protections ----

    private void enforceLease() {
        if (anyOutput() && now - leaseDeadline >= 0) {
            latch(FaultCode.LEASE_EXPIRED, Message.Fault.NO_INDEX, leaseMillis,
                    "lease of " + leaseMillis + " ms expired without renewal");
        }
    }

    private void enforceSessionCap() {
        if (anyOutput()) {
            allOffSince = -1;
            if (runStartedAt < 0) {
                runStartedAt = now;
            }
            if (now - runStartedAt >= sessionCapSeconds() * 1_000 * MS) {
                latch(FaultCode.SESSION_CAP, Message.Fault.NO_INDEX, sessionCapSeconds(),
                        "outputs ran for the " + sessionCapSeconds() + " s session cap");
            }
        } else {
            if (allOffSince < 0) {
                allOffSince = now;
            }
            if (now - allOffSince >= CAP_RESET_AFTER_OFF.toNanos()) {
                runStartedAt = -1;
            }
        }
    }

    /** Stall and stuck relay (§5.4), judged by the rpm and times CONFIGURE gave. */
    private void verifyMotors() {
        if (configuration == null) {
            return;
        }
        for (int i = 0; i < drive.length; i++) {
            Message.ZoneConfig zone = configuration.zones().get(i);
            String id = board.zoneIds().get(i);
            double rpm = physics.rpm(id);
            if (drive[i] == 0) {
                if (zone.stuckRpm() > 0 && now - offSince[i] > zone.spinDownMillis() * MS && rpm > zone.stuckRpm()) {
                    latch(FaultCode.STUCK_RELAY, i, clampI16(rpm), "motor " + id + " turns at " + Math.round(rpm)
                            + " rpm, off for longer than its " + zone.spinDownMillis() + " ms spin-down");
                }
            } else if (zone.stallRpm() > 0 && drivenSince[i] >= 0 && now - drivenSince[i] >= STALL_AFTER_NANOS
                    && rpm < zone.stallRpm()) {
                latch(FaultCode.MOTOR_STALL, i, clampI16(rpm), "motor " + id + " driven at " + drive[i]
                        + " steps turns at " + Math.round(rpm) + " rpm");
            }
        }
    }

    private void verifyTemperatures() {
        List<Integer> temperatures = temperaturesCenti();
        for (int i = 0; i < temperatures.size(); i++) {
            int centi = temperatures.get(i);
            if (centi < SENSOR_MIN_CENTI || centi > SENSOR_MAX_CENTI) {
                latch(FaultCode.SENSOR_FAULT, i, centi, "sensor " + i + " reads " + centi / 100.0
                        + " °C, outside -20..90 °C");
            }
        }
        if (configuration == null || board.padSensorIndex().isEmpty()) {
            return;
        }
        int sensor = board.padSensorIndex().getAsInt();
        int pad = temperatures.get(sensor);
        int max = configuration.heaterMaxCentiCelsius();
        int trip = configuration.heaterTripCentiCelsius();
        if (pad >= trip) {
            latch(FaultCode.OVER_TEMPERATURE, sensor, pad, "pad at %.1f °C, trip %.1f °C".formatted(pad / 100.0,
                    trip / 100.0));
        } else if (!heaterOutput && max > 0 && pad >= max + RUNAWAY_MARGIN_CENTI) {
            latch(FaultCode.HEATER_RUNAWAY, sensor, pad, "pad at %.1f °C, above the %.1f °C maximum, while the heater"
                    .formatted(pad / 100.0, max / 100.0) + " is off");
        }
    }

    private void regulateHeater() {
        if (!heaterCommanded || configuration == null || latched.isFault() || board.padSensorIndex().isEmpty()) {
            heaterOutput = false;
            return;
        }
        int setpoint = Math.min(heaterSetpointCenti, configuration.heaterMaxCentiCelsius());
        int pad = temperaturesCenti().get(board.padSensorIndex().getAsInt());
        if (pad < setpoint - HEATER_HYSTERESIS_CENTI) {
            heaterOutput = true;
        } else if (pad >= setpoint) {
            heaterOutput = false;
        }
    }

    /** Cuts every output; the first fault stays latched, and each distinct one is reported once. */
    private void latch(FaultCode code, int index, int value, String message) {
        cutOutputs();
        if (!latched.isFault()) {
            latched = code;
        }
        if (reported.add(code)) {
            log.accept("fault " + code + ": " + message);
            endpoint.sendReliable(new Message.Fault(code, index, value, message), now);
        }
    }

    private void unconfigure() {
        cutOutputs();
        configuration = null;
        configCrc = 0;
        for (int i = 0; i < kicks.length; i++) {
            kicks[i] = KickStarter.none();
        }
    }

    private void cutOutputs() {
        java.util.Arrays.fill(asked, 0);
        updateDrives();
        heaterCommanded = false;
        heaterOutput = false;
        leaseDeadline = now;
    }

    /** What each motor gets now: the asked drive through its kick start. */
    private void updateDrives() {
        for (int i = 0; i < drive.length; i++) {
            KickStarter kick = kicks[i];
            int next = kick.drive(asked[i], now);
            if (next == 0 && drive[i] != 0) {
                offSince[i] = now;
            }
            drive[i] = next;
            boolean judged = next > 0 && !kick.kicking() && configuration != null
                    && next >= configuration.zones().get(i).offBelow();
            if (!judged) {
                drivenSince[i] = -1;
            } else if (drivenSince[i] < 0) {
                drivenSince[i] = now;
            }
        }
    }

    private boolean anyOutput() {
        if (heaterCommanded) {
            return true;
        }
        for (int steps : drive) {
            if (steps != 0) {
                return true;
            }
        }
        return false;
    }

    private PhysicsInputs physicsInputs() {
        Map<String, Integer> steps = new HashMap<>();
        for (int i = 0; i < drive.length; i++) {
            steps.put(board.zoneIds().get(i), drive[i]);
        }
        return new PhysicsInputs(steps, heaterOutput);
    }

    /** What the temperature sensors read: the pad's sensor the pad, the others the skin. */
    private List<Integer> temperaturesCenti() {
        List<Integer> temperatures = new ArrayList<>();
        for (int i = 0; i < board.capabilities().temperatureSensors(); i++) {
            boolean pad = board.padSensorIndex().isPresent() && board.padSensorIndex().getAsInt() == i;
            temperatures.add(clampI16((pad ? physics.padCelsius() : physics.skinCelsius()) * 100));
        }
        return temperatures;
    }

    private Message.Status status() {
        List<Message.ZoneStatus> zones = new ArrayList<>();
        Message.Capabilities caps = board.capabilities();
        for (int i = 0; i < drive.length; i++) {
            String zone = board.zoneIds().get(i);
            zones.add(new Message.ZoneStatus(drive[i], caps.tachometer() ? clampU16(physics.rpm(zone)) : 0,
                    caps.motorCurrent() ? clampU16(physics.currentMa(zone)) : 0));
        }
        long leaseLeft = anyOutput() ? Math.max(0, (leaseDeadline - now) / MS) : 0;
        return new Message.Status(bootId, ((now - bootedAt) / MS) & 0xFFFF_FFFFL, configuration != null,
                latched.isFault(), emergencyStopLatched, heaterOutput, caps.occupancy(),
                caps.occupancy() && physics.occupied(), false, latched, configCrc, (int) Math.min(leaseLeft, 0xFFFF),
                (int) Math.min(endpoint.crcErrors(), 0xFFFF), (int) Math.min(endpoint.retransmits(), 0xFFFF),
                zones, temperaturesCenti());
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

    private static int clampI16(double value) {
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
    }
}
