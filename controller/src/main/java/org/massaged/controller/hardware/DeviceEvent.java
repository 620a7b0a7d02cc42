package org.massaged.controller.hardware;

import java.time.Duration;
import java.util.Optional;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Readings;

/** What a device adapter reports to the control thread. */
public sealed interface DeviceEvent {

    /** A status report: what the device measured. */
    record Status(Readings readings) implements DeviceEvent {}

    /**
     * The link came up and the device identified as expected.
     *
     * @param boardSessionCap the device's own session cap, when it has one: no session may run longer
     */
    record LinkUp(String description, Optional<Duration> boardSessionCap) implements DeviceEvent {
        /** A device without a session cap of its own. */
        public LinkUp(String description) {
            this(description, Optional.empty());
        }
    }

    /** The link was lost (unplugged, silent, closed). Outputs are assumed off; nothing resumes (S5). */
    record LinkDown(String reason) implements DeviceEvent {}

    /** The device reported or detected a fault (latched on the device side). */
    record Fault(String code, String message) implements DeviceEvent {}

    /** The microcontroller restarted (new boot id): the session faults and never resumes (S5). */
    record Rebooted(long previousBootId, long bootId) implements DeviceEvent {}

    /** A local input (a button, the emergency-stop wire) asks for a command; local beats remote. */
    record LocalInput(Command command) implements DeviceEvent {}
}
