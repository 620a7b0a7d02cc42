package org.massaged.controller.safety;

import java.time.Duration;
import java.util.Optional;

/**
 * What happened in the session, in order. The control thread writes each safety-relevant event to the
 * journal (fsync) before it reports it anywhere (S12), then publishes it (MQTT {@code event}).
 */
public sealed interface SessionEvent {

    /** Whether the journal must hold this event before it is reported. */
    default boolean safetyRelevant() {
        return true;
    }

    /** Whether observers (MQTT, the CLI) hear of it; journal-only bookkeeping is not published. */
    default boolean published() {
        return true;
    }

    record PhaseChanged(Phase from, Phase to, Cause cause) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }

    record Started(String program, Duration duration, int level, boolean heat, Origin origin) implements SessionEvent {}

    /**
     * A session in progress has run {@code ran} (session time, pauses not counted). Written every {@link #EVERY} of
     * monotonic time while a session is in progress, so that after a crash the journal proves how long it ran at
     * most (S11): no longer than its last mark plus one interval; and, with {@code exposure} (its vibration exposure
     * so far, Σ a²·t in m²/s³, when the profile declares its figures), how much of the day's dose it had used.
     */
    record Progress(String program, Duration ran, Optional<Double> exposure) implements SessionEvent {
        public static final Duration EVERY = Duration.ofSeconds(30);

        public Progress(String program, Duration ran) {
            this(program, ran, Optional.empty());
        }

        @Override public boolean published() { return false; }
    }

    record StepChanged(int index, String name, String technique) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }

    /** The session ended: by completing, or stopped by someone or something ({@code cause}). */
    /**
     * @param exposure the session's vibration exposure Σ a²·t (m²/s³), when the profile declares its figures
     *                 (docs/dose.md)
     */
    record Ended(String program, Duration ran, Cause cause, int maxLevel, Optional<Double> exposure)
            implements SessionEvent {
        public Ended(String program, Duration ran, Cause cause, int maxLevel) {
            this(program, ran, cause, maxLevel, Optional.empty());
        }
    }

    record Faulted(String code, String message) implements SessionEvent {}

    /**
     * The device disproved a fault that ended the session (a motor judged to turn while off was seen at a
     * standstill within its physical bound): the fault stays latched, the rest after the session is waived.
     */
    record FaultDisproved(String code, String message) implements SessionEvent {}

    record EmergencyStopped(Origin origin) implements SessionEvent {}

    /**
     * The same emergency stop ({@code what} = {@code emergency-stop:<origin>}) or fault ({@code fault:<code>}) came
     * {@code count} more times while already latched. Such repeats change nothing, so they are counted and
     * journaled as one line (when the latch is reset, and at most once a minute while they go on), not one each.
     */
    record RepeatedWhileLatched(Cause what, long count) implements SessionEvent {
        @Override public boolean published() { return false; }
    }

    record LatchReset(Origin origin, Phase cleared) implements SessionEvent {}

    record Rejected(Command command, CommandResult result) implements SessionEvent {
        @Override public boolean safetyRelevant() { return false; }
    }
}
