package org.massaged.controller.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Vibration;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;

/** Profiles and programs built from the records, shaped like the shipped ones. */
final class Fixtures {

    static final Duration LEASE = Duration.ofMillis(1000);

    private Fixtures() {}

    /** 10 levels over 255 steps, start at 2, home max 6, 1 level/s up and down. */
    static Actuator actuator() {
        return new Actuator(Actuator.ActuatorType.OSCILLATE, 255, 10, 2, 6, 10, 20, Optional.empty(), 1.0, 1.0, 0, LEASE,
                3000, Duration.ofSeconds(3));
    }

    static SessionLimits limits() {
        return new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(10), Duration.ofMinutes(45), Duration.ofMinutes(2));
    }

    static DeviceProfile profile(List<Zone> zones, Optional<Heater> heater, List<SensorSpec> sensors, SessionLimits limits) {
        return new DeviceProfile(1, "test-device", "Test massager", "Test", "T1", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "test", 1),
                new SerialTransport(Optional.of("/dev/null"), 115200, 8, SerialTransport.Parity.NONE, 1, false),
                zones, heater, sensors, limits);
    }

    /** One zone, no heater, no sensors: like body-massager-serial. */
    static DeviceProfile single() {
        return profile(List.of(new Zone("back", "Back", false, actuator())), Optional.empty(), List.of(), limits());
    }

    static SensorSpec padSensor() {
        return new SensorSpec("pad", SensorKind.TEMPERATURE, "°C", -10, 80, 2.0, Duration.ofSeconds(120));
    }

    static SensorSpec occupancy() {
        return new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO);
    }

    /** Two lumbar zones, a spine zone, a heater and a seat switch: like lumbar-duo-serial. */
    static DeviceProfile duo() {
        List<Zone> zones = List.of(
                new Zone("lumbar-left", "Lumbar left", false, actuator(), Zone.Side.LEFT, false),
                new Zone("spine", "Spine", true, actuator(), Zone.Side.BOTH, false),
                new Zone("lumbar-right", "Lumbar right", false, actuator(), Zone.Side.RIGHT, false));
        List<SensorSpec> sensors = new ArrayList<>(List.of(padSensor(), occupancy(),
                new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 2000, 5000, Duration.ZERO)));
        return profile(zones, Optional.of(new Heater(40.0, 43.0, "pad", Duration.ofMinutes(3))), sensors, limits());
    }

    /** Palm circling throughout, then the final long slow stroke. */
    static Program steady(String... zones) {
        return new Program("steady", "Steady", "palm circling throughout",
                List.of(new Step("palm", Technique.PALM_CIRCLING, List.of(zones), 1.0, 0.9, false),
                        new Step("long slow stroke", Technique.LONG_SLOW_STROKE, List.of(zones), 1.0, 0.1, false)));
    }

    /** Every technique, left, right, both, ending in the long slow stroke. */
    static Program busy(List<String> left, List<String> right, List<String> both) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("warm palms", Technique.PALM_CIRCLING, both, 0.8, 0.1, true));
        steps.add(new Step("thumbs left", Technique.THUMB_CIRCLING, left, 0.9, 0.1, true));
        steps.add(new Step("thumbs right", Technique.THUMB_CIRCLING, right, 0.9, 0.1, true));
        steps.add(new Step("kneading", Technique.KNEADING, both, 1.0, 0.1, false));
        steps.add(new Step("knuckling", Technique.KNUCKLING, both, 0.9, 0.1, false));
        steps.add(new Step("spreads", Technique.BACK_SPREADS, both, 1.0, 0.1, false));
        steps.add(new Step("tapping", Technique.TAPPING, both, 0.7, 0.1, false));
        steps.add(new Step("swedish", Technique.SWEDISH, both, 1.0, 0.1, false));
        steps.add(new Step("shiatsu", Technique.SHIATSU, both, 1.0, 0.1, false));
        steps.add(new Step("long slow stroke", Technique.LONG_SLOW_STROKE, both, 1.0, 0.1, false));
        return new Program("busy", "Busy", "every technique", steps);
    }

    /** 0.5 m/s² (ISO 2631-1 Wc) per level: level L shakes at L/2 m/s², so the arithmetic comes out in round numbers. */
    static Vibration halfPerLevel() {
        List<Double> figures = new ArrayList<>();
        for (int level = 1; level <= 10; level++) {
            figures.add(0.5 * level);
        }
        return new Vibration(Vibration.Weighting.ISO_2631_1_WC, figures);
    }

    /** {@link #singleConfig()} on a profile with {@link #halfPerLevel()} figures and a daily dose limit, if any. */
    static EngineConfig singleWithDose(Optional<Double> dailyDoseLimit) {
        EngineConfig plain = singleConfig();
        return new EngineConfig(plain.profile().withVibration(Optional.of(halfPerLevel())), plain.programs(),
                plain.defaultProgram(), false, RemoteStartPolicy.ALLOWED, dailyDoseLimit);
    }

    static EngineConfig singleConfig() {
        return new EngineConfig(single(), Map.of("steady", steady("both"),
                "busy", busy(List.of("left"), List.of("right"), List.of("both"))), "steady", false, RemoteStartPolicy.ALLOWED);
    }

    static EngineConfig duoConfig(boolean allowHigh, RemoteStartPolicy policy) {
        return new EngineConfig(duo(), Map.of("steady", steady("both"),
                "busy", busy(List.of("left"), List.of("right"), List.of("both"))),
                "busy", allowHigh, policy);
    }

    static Command.Start start(Origin origin) {
        return new Command.Start(origin, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    static Command.Start start(Origin origin, Duration duration) {
        return new Command.Start(origin, Optional.empty(), Optional.of(duration), OptionalInt.empty(), Optional.empty());
    }

    static Command.Start start(Origin origin, String program, Duration duration, int level, boolean heat) {
        return new Command.Start(origin, Optional.of(program), Optional.of(duration), OptionalInt.of(level), Optional.of(heat));
    }

    static Readings seat(boolean occupied, double padCelsius) {
        return new Readings(Map.of(), Map.of(), Map.of(), Map.of("pad", padCelsius), Optional.of(occupied), false);
    }
}
