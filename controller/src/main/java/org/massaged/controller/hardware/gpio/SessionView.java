package org.massaged.controller.hardware.gpio;

import java.util.OptionalInt;
import org.massaged.controller.safety.Phase;
import org.massaged.controller.safety.SessionSnapshot;

/**
 * What the buttons need to know about the session to turn a press into a command: whether one is under way
 * (the start/stop button then means stop) and its chosen level (the intensity buttons step from it). The
 * adapter never decides anything about the session from this; the engine judges every command it posts.
 */
public record SessionView(boolean active, OptionalInt targetLevel) {

    public static final SessionView UNKNOWN = new SessionView(false, OptionalInt.empty());

    public static SessionView of(SessionSnapshot snapshot) {
        Phase phase = snapshot.phase();
        boolean active = phase.drives() || phase == Phase.PAUSED;
        return new SessionView(active, active ? OptionalInt.of(snapshot.targetLevel()) : OptionalInt.empty());
    }
}
