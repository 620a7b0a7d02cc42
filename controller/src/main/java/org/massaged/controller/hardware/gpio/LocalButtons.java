package org.massaged.controller.hardware.gpio;

import java.util.Optional;
import java.util.OptionalInt;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;

/**
 * Turns an accepted button press into the command it asks for, with {@link Origin#LOCAL_INPUT}: the same
 * commands MQTT sends, judged by the same engine, where local beats remote.
 */
final class LocalButtons {

    private LocalButtons() {
    }

    static Optional<Command> onPress(InputRole role, SessionView session) {
        Origin local = Origin.LOCAL_INPUT;
        return switch (role) {
            case START_STOP -> Optional.of(session.active()
                    ? new Command.Stop(local)
                    : new Command.Start(local, Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty()));
            case INTENSITY_UP -> step(session, +1);
            case INTENSITY_DOWN -> step(session, -1);
            case TOO_MUCH -> Optional.of(new Command.TooMuch(local));
            case EMERGENCY_STOP -> Optional.of(new Command.EmergencyStop(local));
            case OCCUPANCY -> Optional.empty();
        };
    }

    private static Optional<Command> step(SessionView session, int delta) {
        if (session.targetLevel().isEmpty()) {
            return Optional.empty();
        }
        int level = Math.max(1, session.targetLevel().getAsInt() + delta);
        return Optional.of(new Command.SetLevel(Origin.LOCAL_INPUT, level));
    }
}
