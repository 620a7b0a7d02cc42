package org.massaged.controller.hardware.gpio;

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
import org.massaged.device.profile.Heater;
import org.massaged.device.profile.Identity;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/** A GPIO profile built from records, wired like docs/wiring.md. */
public final class GpioFixtures {

    public static final String ZONE = "lower-back";
    public static final int STEPS = 1000;
    public static final int OFF_BELOW = 120;
    public static final int KICK_STEPS = 400;
    public static final Duration KICK = Duration.ofMillis(200);
    public static final int BUTTON_DEBOUNCE_MS = 30;
    public static final int ESTOP_DEBOUNCE_MS = 10;
    public static final int OCCUPANCY_DEBOUNCE_MS = 500;

    private GpioFixtures() {
    }

    public static Actuator actuator(Optional<Actuator.KickStart> kick) {
        return new Actuator(Actuator.ActuatorType.OSCILLATE, STEPS, 10, 2, 7, 10, OFF_BELOW, kick,
                1.0, 0.5, 0, Duration.ofMillis(1000), 3000, Duration.ofSeconds(3));
    }

    public static GpioTransport transport() {
        return transport(new InputLine(17, Pull.UP, false, true, ESTOP_DEBOUNCE_MS));
    }

    public static GpioTransport transport(InputLine emergencyStop) {
        return new GpioTransport(
                new GpioTransport.Pwm(0, 0, 1000),
                new OutputLine(23, true),
                Optional.of(new OutputLine(24, false)),
                new GpioTransport.Inputs(
                        emergencyStop,
                        Optional.of(button(5)),
                        Optional.of(button(6)),
                        Optional.of(button(13)),
                        Optional.of(button(19)),
                        Optional.of(new InputLine(26, Pull.UP, false, false, OCCUPANCY_DEBOUNCE_MS)),
                        Optional.of(new GpioTransport.Tachometer(16, 2))));
    }

    public static InputLine button(int line) {
        return new InputLine(line, Pull.UP, false, false, BUTTON_DEBOUNCE_MS);
    }

    public static DeviceProfile profile() {
        return profile(transport());
    }

    public static DeviceProfile profile(GpioTransport transport) {
        return profile(transport, List.of(new Zone(ZONE, "Lower back", false,
                actuator(Optional.of(new Actuator.KickStart(KICK_STEPS, KICK))))));
    }

    public static DeviceProfile profile(GpioTransport transport, List<Zone> zones) {
        return new DeviceProfile(1, "body-massager-gpio-test", "Test chair", "massaged", "gpio-test", "1",
                new Identity(OptionalInt.empty(), OptionalInt.empty(), "gpio", 1),
                transport, zones,
                Optional.of(new Heater(38, 43, "pad", Duration.ofMinutes(5))),
                List.of(new SensorSpec("seat", SensorKind.OCCUPANCY, "", 0, 1, 0, Duration.ZERO),
                        new SensorSpec("tach", SensorKind.TACHOMETER, "rpm", 0, 6000, 20000, Duration.ofSeconds(2))),
                new SessionLimits(SessionLimits.DEFAULT, SessionLimits.FLOOR, SessionLimits.CEILING,
                        Duration.ofMinutes(30), Duration.ofMinutes(60), Duration.ofMinutes(2)));
    }
}
