package org.massaged.simulator.mcu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.Zone;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.FrameError;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.MessageCodec;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/**
 * The motor-driver microcontroller's firmware, as the simulator runs it: protocol endpoint, lease deadman,
 * its own session cap, latched faults, heater regulation and output verification, over a physics model.
 * Time is passed in (monotonic nanoseconds). Not thread-safe: {@link VirtualMassager} serialises calls.
 */
public final class McuCore {
    public static final String FIRMWARE_VERSION = "sim-1.0.0";
    public static final int MAX_LEASE_MILLIS = 1000;
    public static final int SESSION_CAP_SECONDS = 900;
    /** Outputs must stay off this long before the session-cap clock starts again. */
    public static final Duration CAP_RESET_AFTER_OFF = Duration.ofSeconds(60);
    static final int DEFAULT_STATUS_MILLIS = 250;
    private static final long MS = 1_000_000L;
    private static final long VERIFY_NANOS = 1000 * MS;
    private static final double HEATER_HYSTERESIS = 0.5;
    /** The pad cannot pass the heater maximum by this much with the heater off, unless the relay is stuck. */
    private static final int RUNAWAY_MARGIN_CENTI = 100;

    private final DeviceProfile profile;
    private final MassagerPhysics physics;
    private final LinkEndpoint endpoint;
    private final List<String> zoneIds;
    private final List<String> temperatureSensors;
    private final Optional<String> padSensor;
    private final Map<String, Long> driveChangedAt = new HashMap<>();
    private final java.util.Set<FaultCode> reported = java.util.EnumSet.noneOf(FaultCode.class);
    private final Consumer<String> log;
    private final int[] drive;
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
    private FaultCode latched = FaultCode.NONE;
    private boolean emergencyStopLatched;
    private long runStartedAt = -1;
    private long allOffSince = -1;
    private long nextStatusAt;
    private long lastPhysicsAt;
    private long setpointsApplied;
    private long emergencyStops;

    McuCore(DeviceProfile profile, MassagerPhysics physics, Consumer<byte[]> output, long bootId, long nowNanos,
            Consumer<String> log) {
        this.profile = profile;
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
        }, 100 * MS, 20);
        this.zoneIds = profile.zones().stream().map(Zone::id).toList();
        this.drive = new int[zoneIds.size()];
        this.drivenSince = new long[zoneIds.size()];
        this.temperatureSensors = ProfileWire.temperatureSensorIds(profile);
        this.padSensor = profile.heater().map(Heater::sensor);
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
        long dt = nowNanos - lastPhysicsAt;
        if (dt > 0) {
            regulateHeater();
            physics.step(Duration.ofNanos(dt), physicsInputs());
            lastPhysicsAt = nowNanos;
        }
        enforceLease();
        enforceSessionCap();
        verifyOutputs();
        endpoint.tick(nowNanos);
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
        int index = zoneIds.indexOf(zone);
        if (index < 0) {
            throw new IllegalArgumentException("no zone '" + zone + "'; zones are " + zoneIds);
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
        configuration = null;
        configCrc = 0;
        cutOutputs();
        latched = FaultCode.NONE;
        reported.clear();
        emergencyStopLatched = false;
        runStartedAt = -1;
        allOffSince = nowNanos;
        nextStatusAt = nowNanos;
        endpoint.restart();
        if (announce) {
            endpoint.sendReliable(new Message.Boot(bootId, 1), nowNanos);
        }
    }

    private void handle(Message message) {
        if (message instanceof Message.EmergencyStop) {
            emergencyStop();
        } else if (message instanceof Message.Hello hello) {
            cutOutputs();
            configuration = null;
            configCrc = 0;
            endpoint.restartTransmit();
            endpoint.sendReliable(identify(hello.nonce()), now);
        } else if (message instanceof Message.Configure configure) {
            configure(configure);
        } else if (message instanceof Message.Setpoint setpoint) {
            setpoint(setpoint);
        } else if (message instanceof Message.Heartbeat heartbeat) {
            if (anyOutput() && heartbeat.leaseMillis() > 0) {
                leaseDeadline = now + Math.min(heartbeat.leaseMillis(), maxLeaseMillis()) * MS;
            }
            endpoint.sendUnreliable(new Message.Ack());
        } else if (message instanceof Message.ClearFaults) {
            clearFaults();
        } else {
            log.accept("ignored " + message.type() + " from the host");
        }
    }

    private Message.Identify identify(long nonce) {
        return new Message.Identify(protocolMajor, ProtocolVersion.MINOR, FIRMWARE_VERSION,
                profile.identity().firmwareBoard(), bootId, nonce, MAX_LEASE_MILLIS, SESSION_CAP_SECONDS,
                ProfileWire.capabilities(profile));
    }

    private void configure(Message.Configure configure) {
        String problem = null;
        if (configure.zoneMaxSteps().size() != zoneIds.size()) {
            problem = "configuration names " + configure.zoneMaxSteps().size() + " zones, board has " + zoneIds.size();
        } else {
            for (int i = 0; i < zoneIds.size(); i++) {
                if (configure.zoneMaxSteps().get(i) > profile.zones().get(i).actuator().steps()) {
                    problem = "zone " + zoneIds.get(i) + " limit " + configure.zoneMaxSteps().get(i)
                            + " above the board's " + profile.zones().get(i).actuator().steps();
                }
            }
        }
        if (problem == null && configure.heaterTripCentiCelsius() > Heater.MAX_TRIP_CELSIUS * 100) {
            problem = "heater trip above " + Heater.MAX_TRIP_CELSIUS + " °C";
        }
        if (problem != null) {
            configuration = null;
            latch(FaultCode.BAD_CONFIGURATION, Message.Fault.NO_ZONE, 0, problem);
            return;
        }
        cutOutputs();
        configuration = configure;
        configCrc = MessageCodec.configCrc(configure);
        nextStatusAt = now;
    }

    private void setpoint(Message.Setpoint setpoint) {
        setpointsApplied++;
        if (setpoint.allOff()) {
            cutOutputs();
            return;
        }
        if (configuration == null || latched != FaultCode.NONE) {
            cutOutputs();
            return;
        }
        String problem = null;
        if (setpoint.zoneSteps().size() != zoneIds.size()) {
            problem = "setpoint names " + setpoint.zoneSteps().size() + " zones, board has " + zoneIds.size();
        } else if (setpoint.leaseMillis() == 0 || setpoint.leaseMillis() > maxLeaseMillis()) {
            problem = "lease " + setpoint.leaseMillis() + " ms outside 1.." + maxLeaseMillis();
        } else if (setpoint.heaterOn() && setpoint.heaterCentiCelsius() > configuration.heaterMaxCentiCelsius()) {
            problem = "heater setpoint above the configured " + configuration.heaterMaxCentiCelsius() / 100.0 + " °C";
        } else {
            for (int i = 0; i < zoneIds.size(); i++) {
                if (setpoint.zoneSteps().get(i) > configuration.zoneMaxSteps().get(i)) {
                    problem = "zone " + zoneIds.get(i) + " steps " + setpoint.zoneSteps().get(i)
                            + " above the configured " + configuration.zoneMaxSteps().get(i);
                }
            }
        }
        if (problem != null) {
            latch(FaultCode.SETPOINT_REJECTED, Message.Fault.NO_ZONE, 0, problem);
            return;
        }
        for (int i = 0; i < drive.length; i++) {
            setDrive(i, setpoint.zoneSteps().get(i));
        }
        heaterCommanded = setpoint.heaterOn();
        heaterSetpointCenti = setpoint.heaterCentiCelsius();
        leaseDeadline = now + setpoint.leaseMillis() * MS;
        if (runStartedAt < 0) {
            runStartedAt = now;
        }
        allOffSince = -1;
    }

    private void emergencyStop() {
        emergencyStops++;
        cutOutputs();
        if (!emergencyStopLatched) {
            emergencyStopLatched = true;
            latch(FaultCode.EMERGENCY_STOP, Message.Fault.NO_ZONE, 0, "emergency stop from the host");
        }
    }

    private void clearFaults() {
        Optional<String> persisting = persistingCause();
        if (persisting.isPresent()) {
            endpoint.sendReliable(new Message.Fault(latched == FaultCode.NONE ? FaultCode.OVER_TEMPERATURE : latched,
                    Message.Fault.NO_ZONE, 0, "not cleared: " + persisting.get()), now);
            return;
        }
        latched = FaultCode.NONE;
        reported.clear();
        emergencyStopLatched = false;
    }

    private Optional<String> persistingCause() {
        if (padSensor.isPresent() && configuration != null
                && physics.padCelsius() * 100 >= configuration.heaterTripCentiCelsius()) {
            return Optional.of("pad still at %.1f °C".formatted(physics.padCelsius()));
        }
        return Optional.empty();
    }

    // ---- the firmware's own protections ----

    private void enforceLease() {
        if (anyOutput() && now - leaseDeadline >= 0) {
            latch(FaultCode.LEASE_EXPIRED, Message.Fault.NO_ZONE, 0, "lease expired without renewal");
        }
    }

    private void enforceSessionCap() {
        if (anyOutput()) {
            allOffSince = -1;
            if (runStartedAt < 0) {
                runStartedAt = now;
            }
            if (now - runStartedAt >= sessionCapSeconds() * 1_000 * MS) {
                latch(FaultCode.SESSION_CAP, Message.Fault.NO_ZONE, sessionCapSeconds(),
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

    private void verifyOutputs() {
        for (int i = 0; i < drive.length; i++) {
            String zone = zoneIds.get(i);
            long steady = now - driveChangedAt.getOrDefault(zone, bootedAt);
            double rpm = physics.rpm(zone);
            if (drive[i] == 0) {
                if (steady >= VERIFY_NANOS && rpm > 0.1 * rpmAtFullScale()) {
                    latch(FaultCode.STUCK_RELAY, i, (int) Math.min(rpm, Short.MAX_VALUE),
                            "motor " + zone + " turns at " + Math.round(rpm) + " rpm while off");
                    driveChangedAt.put(zone, now);
                }
            } else if (now - drivenSince[i] >= VERIFY_NANOS && rpm < slowestTurningRpm(i) * 0.2) {
                latch(FaultCode.MOTOR_STALL, i, (int) Math.min(physics.currentMa(zone), Short.MAX_VALUE),
                        "motor " + zone + " driven at " + drive[i] + " steps does not turn (" + Math.round(rpm)
                                + " rpm)");
            }
        }
        if (padSensor.isPresent()) {
            double pad = physics.padCelsius();
            if (configuration != null && pad * 100 >= configuration.heaterTripCentiCelsius()) {
                latch(FaultCode.OVER_TEMPERATURE, Message.Fault.NO_ZONE, (int) Math.round(pad * 100),
                        "pad at %.1f °C, trip %.1f °C".formatted(pad, configuration.heaterTripCentiCelsius() / 100.0));
            }
            if (!heaterOutput && configuration != null && configuration.heaterMaxCentiCelsius() > 0
                    && pad * 100 >= configuration.heaterMaxCentiCelsius() + RUNAWAY_MARGIN_CENTI
                    && pad * 100 < configuration.heaterTripCentiCelsius()) {
                latch(FaultCode.HEATER_RUNAWAY, Message.Fault.NO_ZONE, (int) Math.round(pad * 100),
                        "pad at %.1f °C, above the %.1f °C maximum, while the heater is off"
                                .formatted(pad, configuration.heaterMaxCentiCelsius() / 100.0));
            }
        }
    }

    private void regulateHeater() {
        if (!heaterCommanded || configuration == null || latched != FaultCode.NONE) {
            heaterOutput = false;
            return;
        }
        double setpoint = Math.min(heaterSetpointCenti, configuration.heaterMaxCentiCelsius()) / 100.0;
        double pad = physics.padCelsius();
        if (pad < setpoint - HEATER_HYSTERESIS) {
            heaterOutput = true;
        } else if (pad >= setpoint) {
            heaterOutput = false;
        }
    }

    /** Cuts every output; the first fault stays latched, and each distinct one is reported once. */
    private void latch(FaultCode code, int zone, int value, String message) {
        cutOutputs();
        if (latched == FaultCode.NONE) {
            latched = code;
        }
        if (reported.add(code)) {
            log.accept("fault " + code + ": " + message);
            endpoint.sendReliable(new Message.Fault(code, zone, value, message), now);
        }
    }

    private void cutOutputs() {
        for (int i = 0; i < drive.length; i++) {
            setDrive(i, 0);
        }
        heaterCommanded = false;
        heaterOutput = false;
        leaseDeadline = now;
    }

    private void setDrive(int index, int steps) {
        if (drive[index] != steps) {
            if (drive[index] == 0) {
                drivenSince[index] = now;
            }
            drive[index] = steps;
            driveChangedAt.put(zoneIds.get(index), now);
        }
    }

    /** The speed of a healthy motor at the lowest drive that turns it (offBelow, or 1 step). */
    private double slowestTurningRpm(int index) {
        var actuator = profile.zones().get(index).actuator();
        return rpmAtFullScale() * Math.max(1, actuator.offBelow()) / actuator.steps();
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
            steps.put(zoneIds.get(i), drive[i]);
        }
        return new PhysicsInputs(steps, heaterOutput);
    }

    private Message.Status status() {
        List<Message.ZoneStatus> zones = new ArrayList<>();
        boolean current = profile.sensor(SensorKind.MOTOR_CURRENT).isPresent();
        boolean tach = profile.sensor(SensorKind.TACHOMETER).isPresent();
        for (int i = 0; i < drive.length; i++) {
            String zone = zoneIds.get(i);
            zones.add(new Message.ZoneStatus(drive[i], tach ? clampU16(physics.rpm(zone)) : 0,
                    current ? clampU16(physics.currentMa(zone)) : 0));
        }
        List<Integer> temperatures = new ArrayList<>();
        for (String sensor : temperatureSensors) {
            double celsius = padSensor.filter(sensor::equals).isPresent() ? physics.padCelsius() : physics.skinCelsius();
            temperatures.add((int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(celsius * 100))));
        }
        boolean occupancy = profile.hasOccupancySensor();
        long leaseLeft = anyOutput() ? Math.max(0, (leaseDeadline - now) / MS) : 0;
        return new Message.Status(bootId, ((now - bootedAt) / MS) & 0xFFFF_FFFFL, configuration != null,
                latched != FaultCode.NONE, emergencyStopLatched, heaterOutput, occupancy,
                occupancy && physics.occupied(), latched, configCrc, (int) Math.min(leaseLeft, 0xFFFF),
                (int) Math.min(endpoint.crcErrors(), 0xFFFF), (int) Math.min(endpoint.retransmits(), 0xFFFF),
                zones, temperatures);
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
                ? SESSION_CAP_SECONDS : Math.min(SESSION_CAP_SECONDS, configuration.sessionCapSeconds());
    }

    private double rpmAtFullScale() {
        return physics.parameters().maxRpm();
    }

    private static int clampU16(double value) {
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(value)));
    }
}
