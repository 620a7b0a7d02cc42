package org.massaged.controller.hardware.gpio;

import java.util.Optional;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Origin;

/**
 * Turns an accepted button press into a {@link Command.Press} with {@link Origin#LOCAL_INPUT}. What the press
 * means (start or stop, the running session's level or the next start's) is the engine's to decide, from the
 * session as it is when the press reaches the control thread: the adapter keeps no copy of the session.
 */
final class LocalButtons {

    private LocalButtons() {
    }

    static Optional<Command> onPress(InputRole role) {
        return button(role).map(button -> new Command.Press(Origin.LOCAL_INPUT, button));
    }

    private static Optional<Command.Button> button(InputRole role) {
        return switch (role) {
            case START_STOP -> Optional.of(Command.Button.START_STOP);
            case INTENSITY_UP -> Optional.of(Command.Button.LEVEL_UP);
            case INTENSITY_DOWN -> Optional.of(Command.Button.LEVEL_DOWN);
            case TOO_MUCH -> Optional.of(Command.Button.TOO_MUCH);
            case EMERGENCY_STOP -> Optional.of(Command.Button.EMERGENCY_STOP);
            case OCCUPANCY -> Optional.empty();
        };
    }
}
