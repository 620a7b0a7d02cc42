package org.massaged.controller.hardware.gpio;

import java.util.List;
import org.massaged.controller.hardware.DeviceException;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.Zone;

/** What a GPIO profile must be before a pin is touched, each refusal saying what to change. */
final class GpioChecks {

    private GpioChecks() {
    }

    static GpioTransport gpioTransport(DeviceProfile profile) throws DeviceException {
        if (profile.transport() instanceof GpioTransport gpio) {
            return gpio;
        }
        throw new DeviceException("Profile " + profile.id() + " does not use the gpio transport; "
                + "the GPIO adapter drives only profiles with transport: gpio");
    }

    /** The one motor's zone: the zone not over the spine. A user override may have disabled it. */
    static Zone drivenZone(DeviceProfile profile) throws DeviceException {
        List<Zone> motors = profile.zones().stream().filter(zone -> !zone.overSpine()).toList();
        if (motors.size() != 1) {
            throw new DeviceException("Profile " + profile.id() + " has " + motors.size()
                    + " drivable zones; a GPIO board drives exactly one motor (one PWM and one enable line)");
        }
        return motors.get(0);
    }

    static void checkEmergencyStopFailsSafe(GpioTransport.InputLine line) throws DeviceException {
        ContactInput contact = new ContactInput(InputRole.EMERGENCY_STOP, line);
        if (!line.normallyClosed()) {
            throw new DeviceException("The emergency stop on GPIO " + line.line() + " must be wired normally-closed "
                    + "(normallyClosed: true), so that a cut wire stops the massager");
        }
        if (!contact.openCircuitReadsOpen()) {
            throw new DeviceException("The emergency stop on GPIO " + line.line() + " has pull " + line.pull()
                    + " with activeHigh " + line.activeHigh() + ": a cut wire would read as a closed circuit. Use "
                    + "pull: UP with activeHigh: false (contacts to GND) or pull: DOWN with activeHigh: true");
        }
    }

    /** The link-up description: which pins drive what. */
    static String describe(GpioTransport transport) {
        GpioTransport.Pwm pwm = transport.pwm();
        return "GPIO: motor PWM chip " + pwm.chip() + " channel " + pwm.channel() + " at " + pwm.frequencyHz()
                + " Hz, enable GPIO " + transport.enable().line()
                + transport.heater().map(line -> ", heater GPIO " + line.line()).orElse("")
                + ", emergency stop GPIO " + transport.inputs().emergencyStop().line();
    }
}
