package org.massaged.controller.app;

import org.massaged.controller.safety.Readings;
import org.massaged.controller.safety.SessionEvent;
import org.massaged.controller.safety.SessionSnapshot;
import org.massaged.controller.state.StateDocument;

/**
 * Who hears what the control thread decided: the MQTT bridge, the local control channel. Called on the
 * control thread; implementations hand off and return at once, never blocking on I/O.
 */
public interface SessionObserver {

    /**
     * The state after a pass of the loop, on a change at a glance and once a second: {@code document} is the one
     * the loop built from {@code snapshot} for this pass (not yet stamped); pass it on rather than build another.
     */
    default void onState(SessionSnapshot snapshot, StateDocument document) {
        onSnapshot(snapshot);
    }

    /** For an observer that needs only the engine's snapshot. */
    default void onSnapshot(SessionSnapshot snapshot) {
    }

    /** Called only after the event is in the journal when it is safety-relevant (S12). */
    void onEvent(SessionEvent event);

    /** The link to the massager, reported apart from the daemon's own availability. */
    void onLink(boolean up, String detail);

    /** What the device measured, as each status report arrives (the history keeps the motor speeds). */
    default void onReadings(Readings readings) {
    }
}
