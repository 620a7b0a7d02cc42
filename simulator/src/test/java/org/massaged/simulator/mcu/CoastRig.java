package org.massaged.simulator.mcu;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.Setpoints;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;
import org.massaged.device.protocol.FaultCode;
import org.massaged.device.protocol.LinkEndpoint;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;
import org.massaged.device.protocol.ProtocolVersion;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;
import org.massaged.simulator.physics.PhysicsParameters;

/**
 * The two rules that judge a motor commanded off, each run against the simulated motor in virtual time: the
 * board's STUCK_RELAY ({@link McuCore}, configured from the profile as the daemon configures it) and the host's
 * {@code motor-runs-while-off} ({@link SessionEngine}, whose readings are the physics' rpm every status period).
 * The motor's inertia is the physics' own time constant; the rules only know the profile's {@code spinDown}.
 */
final class CoastRig {
    static final long MS = 1_000_000L;
    private static final long TICK = 5 * MS;
    private static final long STATUS = 250 * MS;

    /** How the motor is cut: a pause (an all-off setpoint) or an emergency stop. */
    enum Cut { PAUSE, EMERGENCY_STOP }

    private final DeviceProfile profile;
    private final PhysicsParameters physics;

    CoastRig(DeviceProfile profile, Duration motorTimeConstant) {
        this.profile = profile;
        PhysicsParameters defaults = PhysicsParameters.defaults();
        this.physics = new PhysicsParameters(defaults.maxRpm(), motorTimeConstant, defaults.idleCurrentMa(),
                defaults.fullCurrentMa(), defaults.stallCurrentMa(), defaults.ambientCelsius(),
                defaults.heaterRiseKelvin(), defaults.padTimeConstant(), defaults.skinTimeConstant(),
                defaults.bodyCelsius());
    }

    /** What the board latched, and when (after the cut), or nothing. */
    record BoardVerdict(FaultCode fault, Duration afterCut) {}

    /**
     * The board drives the first zone at the steps of {@code level} until the motor is at speed, then the
     * drive is cut; a relay welded at those steps, if asked, keeps it turning. Runs {@code watch} after the cut.
     */
    BoardVerdict board(int level, Cut cut, boolean welded, Duration watch) {
        String zone = profile.zones().get(0).id();
        int steps = profile.zones().get(0).actuator().stepsFor(level);
        MassagerPhysics motor = MassagerPhysics.forProfile(profile, physics);
        List<byte[]> toHost = new ArrayList<>();
        List<FaultCode> faults = new ArrayList<>();
        long[] now = {10_000 * MS};
        int lease = ProfileWire.maxLeaseMillis(profile);
        McuCore mcu = new McuCore(SimulatedBoard.of(profile), motor, toHost::add, 7, now[0], message -> { });
        LinkEndpoint host = new LinkEndpoint(bytes -> mcu.receive(bytes, 0, bytes.length, now[0]), message -> {
            if (message instanceof Message.Fault fault) {
                faults.add(fault.code());
            }
        }, 100 * MS, 8);
        Runnable run = () -> {
            now[0] += TICK;
            mcu.tick(now[0]);
            host.tick(now[0]);
            while (!toHost.isEmpty()) {
                byte[] bytes = toHost.remove(0);
                host.receiveBytes(bytes, 0, bytes.length, now[0]);
            }
        };
        host.sendReliable(new Message.Hello(1, ProtocolVersion.MAJOR, ProtocolVersion.MINOR), now[0]);
        host.sendReliable(ProfileWire.configure(profile, Duration.ofMillis(250)), now[0]);
        host.sendReliable(new Message.Setpoint(lease, false, 0, zoneSteps(steps)), now[0]);
        long until = now[0] + atSpeed();
        for (long beat = now[0]; now[0] < until; ) {
            run.run();
            if (now[0] - beat >= STATUS) {
                host.sendUnreliable(new Message.Heartbeat(lease));
                beat = now[0];
            }
        }
        if (welded) {
            motor.weldRelay(zone, steps);
        }
        long cutAt = now[0];
        if (cut == Cut.PAUSE) {
            host.sendReliable(new Message.Setpoint(0, false, 0, zoneSteps(0)), now[0]);
        } else {
            byte[] stop = LinkEndpoint.outOfBand(new Message.EmergencyStop(1));
            mcu.receive(stop, 0, stop.length, now[0]);
        }
        faults.clear();
        while (now[0] - cutAt < watch.toNanos()) {
            run.run();
            Optional<FaultCode> reported = faults.stream().filter(code -> !code.equals(FaultCode.EMERGENCY_STOP))
                    .findFirst();
            if (reported.isPresent()) {
                return new BoardVerdict(reported.get(), Duration.ofNanos(now[0] - cutAt));
            }
        }
        return new BoardVerdict(FaultCode.NONE, watch);
    }

    /** The faults the host engine raised after the cut, with how long after it. */
    record HostVerdict(List<SessionEvent.Faulted> faults, Duration firstAfterCut, Phase phase) {}

    /**
     * A session at {@code level} on the engine; the physics turns the motor as the engine's setpoints say (or
     * at the welded steps), and the engine sees its rpm every status period.
     */
    HostVerdict host(int level, Cut cut, boolean welded, Duration watch) {
        String zone = profile.zones().get(0).id();
        MassagerPhysics motor = MassagerPhysics.forProfile(profile, physics);
        Program steady = new Program("steady", "Steady", "palm circling",
                List.of(new Step("palm", Technique.PALM_CIRCLING, List.of("both"), 1.0, 0.9, false),
                        new Step("stroke", Technique.LONG_SLOW_STROKE, List.of("both"), 1.0, 0.1, false)));
        long[] now = {1_000 * 1_000 * MS};
        Instant wall = Instant.parse("2026-01-05T09:00:00Z");
        SessionEngine engine = new SessionEngine(new EngineConfig(profile, Map.of("steady", steady), "steady", true,
                RemoteStartPolicy.ALLOWED), UsageHistory.empty(), now[0]);
        engine.observe(readings(motor, zone), now[0]);
        engine.handle(new Command.Start(Origin.CLI, Optional.empty(), Optional.of(Duration.ofMinutes(10)),
                OptionalInt.of(level), Optional.of(false)), now[0], wall);
        long started = now[0];
        Actuator actuator = profile.zones().get(0).actuator();
        long rise = (long) ((level / Math.min(actuator.rampUpLevelsPerSecond(), 1e9) + 3) * 1e9);
        long lastStatus = now[0];
        List<SessionEvent.Faulted> faults = new ArrayList<>();
        long cutAt = Long.MAX_VALUE;
        Duration first = null;
        int weldSteps = actuator.stepsFor(level);
        while (cutAt == Long.MAX_VALUE || now[0] - cutAt < watch.toNanos()) {
            now[0] += TICK;
            Instant wallNow = wall.plusNanos(now[0] - started);
            if (cutAt == Long.MAX_VALUE && now[0] - started >= rise + atSpeed()) {
                if (welded) {
                    motor.weldRelay(zone, weldSteps);
                }
                engine.handle(cut == Cut.PAUSE ? new Command.Pause(Origin.CLI) : new Command.EmergencyStop(Origin.CLI),
                        now[0], wallNow);
                cutAt = now[0];
            }
            Setpoints setpoints = engine.tick(now[0], wallNow);
            motor.step(Duration.ofNanos(TICK), new PhysicsInputs(setpoints.zoneSteps(), false));
            if (now[0] - lastStatus >= STATUS) {
                engine.observe(readings(motor, zone), now[0]);
                lastStatus = now[0];
            }
            for (SessionEvent event : engine.drainEvents()) {
                if (event instanceof SessionEvent.Faulted fault && !fault.code().equals("emergency-stop")) {
                    faults.add(fault);
                    if (first == null && cutAt != Long.MAX_VALUE) {
                        first = Duration.ofNanos(now[0] - cutAt);
                    }
                }
            }
        }
        return new HostVerdict(faults, first, engine.snapshot().phase());
    }

    /** Long enough for the motor to reach its speed: five time constants, and a second for the kick start. */
    private long atSpeed() {
        return Math.max(5 * physics.motorTimeConstant().toNanos(), 0) + 1000 * MS;
    }

    private List<Integer> zoneSteps(int first) {
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < profile.zones().size(); i++) {
            steps.add(i == 0 ? first : 0);
        }
        return steps;
    }

    private static Readings readings(MassagerPhysics motor, String zone) {
        return new Readings(Map.of(zone, 0), Map.of(zone, motor.rpm(zone)), Map.of(), Map.of(), Optional.empty(),
                false);
    }
}
