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

    public record PastSession(Instant started, Instant ended, Duration ran) {}
}
