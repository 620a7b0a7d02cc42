package org.massaged.controller.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One session as the history keeps it (docs/history.md, "Fields"): what was asked, what ran and how it ended.
 *
 * @param id          the session's number in this store, rising, never reused
 * @param planned     the duration asked for at the start
 * @param ran         session time actually run (pauses not counted); for an unfinished session, up to its last sample
 * @param startLevel  the level it started at
 * @param maxLevel    the highest level chosen during it (within the ceiling)
 * @param peakLevel   the highest level a zone was driven at (the engine's count, rounded up; waveforms stay under the
 *                    chosen level)
 * @param endLevel    the level chosen when it ended
 * @param endedBy     the typed cause rendered once ({@code stop:cli}, {@code duration-elapsed}, {@code fault:stall});
 *                    empty when the daemon never recorded the end (power lost, killed)
 * @param endedKind   the cause without who or detail ({@code stop}, {@code fault}, {@code link-down})
 * @param ended       wall time of the end; empty when the end was never recorded
 * @param exposure    its vibration exposure Σ a²·t (m²/s³), the number the journal's {@code session-ended} holds;
 *                    empty when unknown: a profile without vibration figures, an end never recorded, or a record
 *                    written before the history kept it
 */
public record SessionSummary(long id, String program, Instant started, Optional<Instant> ended, Duration planned,
                             Duration ran, int startLevel, int maxLevel, int endLevel, int peakLevel, boolean heat, String origin,
                             Optional<String> endedBy, Optional<String> endedKind, boolean completed,
                             Optional<Double> exposure) {

    /** Whether the daemon recorded the session's end. */
    public boolean finished() {
        return endedBy.isPresent();
    }

    /** How it ended, for people: the cause, or that the end was not recorded. */
    public String endedByText() {
        return endedBy.orElse("unrecorded");
    }

    /** The exposure for people: {@code 1134.2 m²/s³}, or {@code unknown}. */
    public String exposureText() {
        return exposure.map(value -> String.format(java.util.Locale.ROOT, "%.1f m²/s³", value)).orElse("unknown");
    }
}
