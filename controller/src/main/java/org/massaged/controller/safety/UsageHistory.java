package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
     */
    public record PastSession(Instant started, Instant ended, Duration ran, boolean restWaived) {
        public PastSession(Instant started, Instant ended, Duration ran) {
            this(started, ended, ran, false);
        }
    }
}
