package org.massaged.controller.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of the journal, as read back. {@code line} is the 1-based line number in the file. Every entry
 * carries the wall-clock time it was written at; durations were measured on the monotonic clock.
 */
public sealed interface JournalEntry {

    Instant at();

    int line();

    /**
     * A person or the system started a session. {@code progressEvery} is how often the daemon promised to mark its
     * progress (absent in journals written before progress marks): what a crash may be counted from.
     */
    record SessionStarted(Instant at, int line, String program, Duration duration, int level, boolean heat,
                          String origin, Optional<Duration> progressEvery) implements JournalEntry {}

    /**
     * The session in progress had run {@code ran} (session time) when this was written, with a vibration exposure of
     * {@code exposure} (Σ a²·t, m²/s³) so far: absent in lines written before it was marked, or for a profile without
     * figures.
     */
    record SessionProgress(Instant at, int line, String program, Duration ran, Optional<Double> exposure)
            implements JournalEntry {
        public SessionProgress(Instant at, int line, String program, Duration ran) {
            this(at, line, program, ran, Optional.empty());
        }
    }

    /**
     * The session ended: it completed, was stopped, faulted or lost its link ({@code cause}). {@code exposure}: its
     * vibration exposure Σ a²·t (m²/s³), absent in lines written before the dose or for a profile without figures.
     */
    record SessionEnded(Instant at, int line, String program, Duration ran, String cause, int maxLevel,
                        Optional<Double> exposure) implements JournalEntry {
        public SessionEnded(Instant at, int line, String program, Duration ran, String cause, int maxLevel) {
            this(at, line, program, ran, cause, maxLevel, Optional.empty());
        }
    }

    record Fault(Instant at, int line, String code, String message) implements JournalEntry {}

    record EmergencyStop(Instant at, int line, String origin) implements JournalEntry {}

    /** {@code what} ({@code emergency-stop:<origin>} or {@code fault:<code>}) came {@code count} more times. */
    record RepeatedWhileLatched(Instant at, int line, String what, long count) implements JournalEntry {}

    record LatchReset(Instant at, int line, String origin, String cleared) implements JournalEntry {}

    /** The daemon refused a configuration file (profile, override, local config) and kept what it had. */
    record ConfigRefused(Instant at, int line, String source, String reason) implements JournalEntry {}

    /** Anything else the journal was asked to hold, kept as its type and text. */
    record Note(Instant at, int line, String type, String text) implements JournalEntry {}
}
