package org.massaged.simulator.mcu;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SerialTransport;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/**
 * The serial profiles the standalone simulator knows by name, so it runs without the profile files. They
 * follow the shipped profiles' ids and zones; a loaded profile file takes precedence once the loader is wired.
 */
public final class BuiltInProfiles {
    private static final Map<String, Supplier<DeviceProfile>> PROFILES = Map.of(
            "body-massager-serial", BuiltInProfiles::bodyMassager,
            "lumbar-duo-serial", BuiltInProfiles::lumbarDuo);

    private BuiltInProfiles() {}

    public static Optional<DeviceProfile> named(String id) {
        return Optional.ofNullable(PROFILES.get(id)).map(Supplier::get);
    }

    public static List<String> names() {
        return PROFILES.keySet().stream().sorted().toList();
    }

    private static Actuator actuator() {
        return new Actuator(Actuator.ActuatorType.OSCILLATE, 1000, 10, 2, 6, 10, 100, Optional.empty(), 1.0, 1.0, 0,
                Duration.ofMillis(1000));
    }

    private static SessionLimits limits() {
        return new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(2));
    }

    private static SerialTransport serial() {
        return new SerialTransport(Optional.of("/tmp/ttyMASSAGE0"), 115200, 8, SerialTransport.Parity.NONE, 1, false);
    }

    static DeviceProfile bodyMassager() {
        return new DeviceProfile(1, "body-massager-serial", "Body massager (serial)", "massaged", "BM-1", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "massaged-bm1", 1), serial(),
                List.of(new Zone("back", "Back", false, actuator())), Optional.empty(),
                List.of(new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 3000, 10000,
                        Duration.ofMinutes(5))), limits());
    }

    static DeviceProfile lumbarDuo() {
        return new DeviceProfile(1, "lumbar-duo-serial", "Lumbar duo (serial)", "massaged", "LD-2", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "massaged-ld2", 1), serial(),
                List.of(new Zone("lumbar-left", "Left lumbar", false, actuator()),
                        new Zone("lumbar-right", "Right lumbar", false, actuator()),
                        new Zone("spine", "Spine", true, actuator())),
                Optional.of(new Heater(40.0, 43.0, "pad", Duration.ofMinutes(3))),
                List.of(new SensorSpec("pad", SensorKind.TEMPERATURE, "°C", 0, 60, 2, Duration.ofMinutes(5)),
                        new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO),
                        new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 3000, 10000,
                                Duration.ofMinutes(5))),
                limits());
    }
}
