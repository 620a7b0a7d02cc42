package org.massaged.simulator.gpio;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.GpioTransport.InputLine;
import org.massaged.device.profile.GpioTransport.OutputLine;
import org.massaged.device.profile.GpioTransport.Pull;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/** The shipped body-massager-gpio wiring (docs/wiring.md), built from records. */
final class GpioProfiles {

    static final String ZONE = "back";

    private GpioProfiles() {
    }

    static DeviceProfile bodyMassagerGpio() {
        GpioTransport transport = new GpioTransport(
                new GpioTransport.Pwm(0, 0, 20000),
                new OutputLine(17, true),
                Optional.of(new OutputLine(27, true)),
                new GpioTransport.Inputs(
                        new InputLine(5, Pull.UP, false, true, 5),
                        Optional.of(button(6, 30)),
                        Optional.of(button(13, 30)),
                        Optional.of(button(19, 30)),
                        Optional.of(button(26, 10)),
                        Optional.of(button(16, 100)),
                        Optional.of(new GpioTransport.Tachometer(20, 2))));
        Actuator actuator = new Actuator(Actuator.ActuatorType.OSCILLATE, 1000, 10, 2, 6, 8, 150,
                Optional.of(new Actuator.KickStart(550, Duration.ofMillis(150))), 0.5, 0.4, 0, Duration.ofMillis(500),
                3000, Duration.ofMillis(2500));
        return new DeviceProfile(1, "body-massager-gpio", "Back massager, single motor (direct GPIO)",
                "massaged reference designs", "BM-1G", "A",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "raspberry-pi-gpio", 1),
                transport, List.of(new Zone(ZONE, "Back", false, actuator)), Optional.empty(),
                List.of(new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO),
                        new SensorSpec("motor-speed", SensorKind.TACHOMETER, "rpm", 0, 4200, 3000, Duration.ofSeconds(2))),
                new SessionLimits(SessionLimits.DEFAULT, SessionLimits.FLOOR, SessionLimits.CEILING,
                        Duration.ofMinutes(30), Duration.ofMinutes(45), Duration.ofMinutes(2)));
    }

    private static InputLine button(int line, int debounceMs) {
        return new InputLine(line, Pull.UP, false, false, debounceMs);
    }
}
