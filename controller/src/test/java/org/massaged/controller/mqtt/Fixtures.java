package org.massaged.controller.mqtt;

import org.massaged.controller.safety.StartChoice;

import org.massaged.controller.safety.Cause;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.controller.safety.EngineConfig;
import org.massaged.controller.safety.Limits;
import org.massaged.controller.safety.Origin;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.RemoteStartPolicy;
import org.massaged.controller.safety.SessionEngine;
import org.massaged.controller.safety.UsageHistory;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;

/** Devices and snapshots for the MQTT tests, shaped like the shipped profiles. */
final class Fixtures {

    private Fixtures() {}

    static Actuator actuator() {
        return new Actuator(Actuator.ActuatorType.OSCILLATE, 255, 10, 2, 6, 9, 20, Optional.empty(), 1.0, 0.5, 0,
                Duration.ofMillis(1000), 3000, Duration.ofSeconds(3));
    }

    static SessionLimits limits() {
        return new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofMinutes(45), Duration.ofMinutes(2));
    }

    /** Two lumbar zones, a zone over the spine, a heater with a pad sensor, an occupancy switch. */
    static DeviceProfile lumbarDuo() {
        SerialTransport serial = new SerialTransport(Optional.empty(), 115200, 8, SerialTransport.Parity.NONE, 1, false);
        return new DeviceProfile(1, "lumbar-duo-serial", "Lumbar Duo", "massaged", "LD-2", "B",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "lumbar-duo", 1), serial,
                List.of(new Zone("lumbar-left", "Lumbar left", false, actuator()),
                        new Zone("lumbar-right", "Lumbar right", false, actuator()),
                        new Zone("spine", "Spine", true, actuator())),
                Optional.of(new Heater(40.0, 43.0, "pad", Duration.ofMinutes(3))),
                List.of(new SensorSpec("pad", SensorKind.TEMPERATURE, "°C", -10, 80, 2.0, Duration.ofMinutes(5)),
                        new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO)),
                limits());
    }

    /** One zone, no heater, no sensors. */
    static DeviceProfile bodyMassager() {
        SerialTransport serial = new SerialTransport(Optional.empty(), 115200, 8, SerialTransport.Parity.NONE, 1, false);
        return new DeviceProfile(1, "body-massager-serial", "Body Massager", "massaged", "BM-1", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "body-massager", 1), serial,
                List.of(new Zone("back", "Back", false, actuator())), Optional.empty(), List.of(), limits());
    }

    static List<Program> programs() {
        return List.of(
                new Program("gentle", "Gentle", "palm circling then a long slow stroke",
                        List.of(new Step("circles", Technique.PALM_CIRCLING, List.of("lumbar-left", "lumbar-right"), 0.8, 0.8, false),
                                new Step("finish", Technique.LONG_SLOW_STROKE, List.of("lumbar-left", "lumbar-right"), 0.6, 0.2, false))),
                new Program("kneading", "Kneading", "kneading both sides",
                        List.of(new Step("knead", Technique.KNEADING, List.of("lumbar-left", "lumbar-right"), 1.0, 1.0, false))));
    }

    static SessionSnapshot idle() {
        return new SessionSnapshot(Phase.IDLE, Cause.Event.BOOT, Optional.empty(), 0, 0, Optional.empty(),
                Map.of("lumbar-left", 0.0, "lumbar-right", 0.0), 0, 6, 0, 0, false, false, Map.of("pad", 24.5),
                Optional.of(false), Optional.empty(), 0, 0, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
    }

    static SessionSnapshot running(String program, int level, long remaining) {
        return new SessionSnapshot(Phase.RUNNING, new Cause.Asked(Cause.Act.START, Origin.MQTT), Optional.of(program), 0, 2,
                Optional.of("PALM_CIRCLING"), Map.of("lumbar-left", level * 0.9, "lumbar-right", level * 0.9), level, 6,
                remaining, 600 - remaining, false, false, Map.of("pad", 25.0), Optional.of(true), Optional.empty(), 1, 0, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
    }

    static SessionSnapshot withNext(SessionSnapshot snapshot, StartChoice next) {
        return new SessionSnapshot(snapshot.phase(), snapshot.cause(), snapshot.program(), snapshot.stepIndex(),
                snapshot.stepCount(), snapshot.technique(), snapshot.zoneLevels(), snapshot.targetLevel(),
                snapshot.ceiling(), snapshot.remainingSeconds(), snapshot.elapsedSeconds(), snapshot.heatRequested(),
                snapshot.heaterOn(), snapshot.temperatures(), snapshot.occupied(), snapshot.fault(),
                snapshot.sessionsToday(), snapshot.minutesToday(), snapshot.restRemainingSeconds(), next);
    }

    static SessionSnapshot withPhase(SessionSnapshot snapshot, Phase phase, Cause cause) {
        return new SessionSnapshot(phase, cause, snapshot.program(), snapshot.stepIndex(), snapshot.stepCount(),
                snapshot.technique(), snapshot.zoneLevels(), snapshot.targetLevel(), snapshot.ceiling(),
                snapshot.remainingSeconds(), snapshot.elapsedSeconds(), snapshot.heatRequested(), snapshot.heaterOn(),
                snapshot.temperatures(), snapshot.occupied(), snapshot.fault(), snapshot.sessionsToday(),
                snapshot.minutesToday(), snapshot.restRemainingSeconds(), new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
    }

    static SessionSnapshot faulted(String code, String message) {
        SessionSnapshot idle = idle();
        return new SessionSnapshot(Phase.FAULT, new Cause.Fault(code), Optional.empty(), 0, 0, Optional.empty(),
                idle.zoneLevels(), 0, 6, 0, 0, false, false, idle.temperatures(), idle.occupied(),
                Optional.of(new SessionSnapshot.Fault(code, message)), 1, 5, 0, new StartChoice("gentle", java.time.Duration.ofMinutes(10), 2, false));
    }

    /** The engine every channel reaches, on the lumbar duo with the programs above (default: gentle). */
    static SessionEngine engine() {
        return new SessionEngine(new EngineConfig(lumbarDuo(), programs().stream().collect(
                java.util.stream.Collectors.toMap(Program::id, program -> program)), "gentle", false,
                RemoteStartPolicy.ALLOWED), UsageHistory.empty(), System.nanoTime());
    }

    /** The seat taken, the pad at room temperature: what a start needs to hear from the device first. */
    static Readings seated() {
        return new Readings(Map.of(), Map.of(), Map.of(), Map.of("pad", 24.5), Optional.of(true), false);
    }

    /** The engine's limits for {@code profile} with these programs (the first is the default program). */
    static Limits engineLimits(DeviceProfile profile, List<Program> programs, boolean allowHighIntensity) {
        return Limits.of(new EngineConfig(profile, programs.stream().collect(java.util.stream.Collectors.toMap(
                Program::id, program -> program)), programs.stream().map(Program::id).filter("gentle"::equals)
                .findFirst().orElse(programs.get(0).id()), allowHighIntensity, RemoteStartPolicy.ALLOWED));
    }

    static Limits engineLimits() {
        return engineLimits(lumbarDuo(), programs(), false);
    }
}
