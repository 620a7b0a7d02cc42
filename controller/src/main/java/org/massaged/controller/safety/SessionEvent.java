package org.massaged.controller.safety;

import java.time.Duration;

/**
 * What happened in the session, in order. The control thread writes each safety-relevant event to the
 * journal (fsync) before it reports it anywhere (S12), then publishes it (MQTT {@code event}).
 */
public sealed interface SessionEvent {

    /** Whether the journal must hold this event before it is reported. */
    default boolean safetyRelevant() {
        return true;
    }

    record PhaseChanged(Phase from, Phase to, String cause) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }

    record Started(String program, Duration duration, int level, boolean heat, Origin origin) implements SessionEvent {}

    record StepChanged(int index, String name, String technique) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }

    /** The session ended: by completing, or stopped by someone or something ({@code cause}). */
    record Ended(String program, Duration ran, String cause, int maxLevel) implements SessionEvent {}

    record Faulted(String code, String message) implements SessionEvent {}

    /**
     * The device disproved a fault that ended the session (a motor judged to turn while off was seen at a
     * standstill within its physical bound): the fault stays latched, the rest after the session is waived.
     */
    record FaultDisproved(String code, String message) implements SessionEvent {}

    record EmergencyStopped(Origin origin) implements SessionEvent {}

    record LatchReset(Origin origin, Phase cleared) implements SessionEvent {}

    record Rejected(Command command, CommandResult result) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }
}
