package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Past sessions, as recovered from the journal: what rest and the daily budget are computed from (S11). */
public record UsageHistory(List<PastSession> sessions) {
    public UsageHistory {
        sessions = List.copyOf(sessions);
    }

    public static UsageHistory empty() {
        return new UsageHistory(List.of());
    }

    /**
     * @param restWaived the device disproved the fault that ended it: no rest is due after it (its minutes still
     *                   count in the daily budget)
     * @param maxLevel   the highest level it reached; 0 when the journal does not say (a crash)
     * @param exposure   its vibration exposure Σ a²·t (m²/s³) when the journal holds it; without it the daily dose
     *                   counts the session on the safe side ({@link DailyDose})
     * @param program    the program it played ("" when not known)
     * @param cause      how it ended, as the journal says ({@code duration-elapsed}, {@code stop:cli}, ...; "" when
     *                   not known)
     * @param lastMark   for a session whose end was never written (a crash) and whose exposure is therefore absent:
     *                   the exposure its last progress mark proved, when the mark carried one
     */
    public record PastSession(Instant started, Instant ended, Duration ran, boolean restWaived, int maxLevel,
                              Optional<Double> exposure, String program, String cause,
                              Optional<ExposureMark> lastMark) {
        public PastSession(Instant started, Instant ended, Duration ran, boolean restWaived, int maxLevel,
                           Optional<Double> exposure, String program, String cause) {
            this(started, ended, ran, restWaived, maxLevel, exposure, program, cause, Optional.empty());
        }

        public PastSession(Instant started, Instant ended, Duration ran, boolean restWaived, int maxLevel,
                           Optional<Double> exposure) {
            this(started, ended, ran, restWaived, maxLevel, exposure, "", "");
        }

        public PastSession(Instant started, Instant ended, Duration ran) {
            this(started, ended, ran, false);
        }

        public PastSession(Instant started, Instant ended, Duration ran, boolean restWaived) {
            this(started, ended, ran, restWaived, 0, Optional.empty());
        }

        PastSession withRestWaived() {
            return new PastSession(started, ended, ran, true, maxLevel, exposure, program, cause, lastMark);
        }
    }

    /**
     * What a session's last progress mark proved: its vibration exposure so far (Σ a²·t, m²/s³) after {@code ran} of
     * session time.
     */
    public record ExposureMark(double exposure, Duration ran) {}
}
