package org.massaged.controller.mqtt;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.massaged.controller.safety.Command;
import org.massaged.controller.safety.Controls;
import org.massaged.controller.safety.Origin;

/** The {@code action} field of a {@code set} command: the verbs a dashboard can press. */
public enum Action {
    START, STOP, EMERGENCY_STOP, RESET, TOO_MUCH, PAUSE, RESUME, SKIP_STEP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The command this action is, by the table of controls. */
    public Command command(Origin origin) {
        return Controls.named(wireName()).orElseThrow().command(origin, null);
    }

    public static Optional<Action> fromWire(String text) {
        return Arrays.stream(values()).filter(action -> action.wireName().equals(text)).findFirst();
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(Action::wireName).toList());
    }
}
