package org.massaged.device.profile;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Serial profiles built from the records, shaped like the shipped ones: shared (test-jar) by the link
 * tests of the controller and the simulator. {@link #bodyMassager} is the board of docs/protocol.md's golden
 * vectors: one zone {@code back} of 1000 steps, offBelow 100, a kick start of 200 steps for 150 ms, 3000 rpm at
 * full drive, a 2.5 s spin-down, a tachometer and motor current.
 */
public final class SerialTestProfiles {
    private SerialTestProfiles() {}

    public static Actuator actuator() {
        return new Actuator(Actuator.ActuatorType.OSCILLATE, 1000, 10, 2, 6, 10, 100,
                Optional.of(new Actuator.KickStart(200, Duration.ofMillis(150))), 1.0, 1.0, 0, Duration.ofMillis(1000),
                3000, Duration.ofMillis(2500));
    }

    public static SessionLimits limits() {
        return new SessionLimits(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(2));
    }

    public static DeviceProfile bodyMassager(Optional<String> port) {
        return new DeviceProfile(1, "body-massager-serial", "Body massager", "massaged", "BM-1", "A",
                new Identity(OptionalInt.of(0x1a86), OptionalInt.of(0x7523), "massaged-bm1", 2),
                new SerialTransport(port, 115200, 8, SerialTransport.Parity.NONE, 1, false),
                List.of(new Zone("back", "Back", false, actuator())), Optional.empty(),
                List.of(new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 1800, 6000, Duration.ZERO),
                        new SensorSpec("motor-speed", SensorKind.TACHOMETER, "rpm", 0, 4200, 3000, Duration.ZERO)),
                limits());
    }

    public static DeviceProfile lumbarDuo(Optional<String> port) {
        return new DeviceProfile(1, "lumbar-duo-serial", "Lumbar duo", "massaged", "LD-2", "A",
                new Identity(OptionalInt.of(0x2e8a), OptionalInt.of(0x000a), "massaged-ld2", 2),
                new SerialTransport(port, 115200, 8, SerialTransport.Parity.NONE, 1, false),
                List.of(new Zone("lumbar-left", "Left lumbar", false, actuator()),
                        new Zone("lumbar-right", "Right lumbar", false, actuator()),
                        new Zone("spine", "Spine", true, actuator())),
                Optional.of(new Heater(40.0, 43.0, "pad", Duration.ofMinutes(3))),
                List.of(new SensorSpec("pad", SensorKind.TEMPERATURE, "°C", 0, 60, 2, Duration.ofMinutes(5)),
                        new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO),
                        new SensorSpec("motor-current", SensorKind.MOTOR_CURRENT, "mA", 0, 3000, 10000,
                                Duration.ofMinutes(5)),
                        new SensorSpec("motor-speed", SensorKind.TACHOMETER, "rpm", 0, 4200, 3000, Duration.ZERO)),
                limits());
    }
}
