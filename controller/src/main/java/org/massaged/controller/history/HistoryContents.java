package org.massaged.controller.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the store holds, oldest session first, and what could not be read ({@code problems}: file, line and what was
 * skipped; never an exception).
 */
public record HistoryContents(List<SessionSummary> sessions, List<String> problems) {

    /** The rolling 24 hours the daemon's budget counts, as {@code massaged journal} does. */
    public static final Duration DAY = Duration.ofHours(24);

    public HistoryContents {
        sessions = List.copyOf(sessions);
        problems = List.copyOf(problems);
    }

    public List<SessionSummary> today(Instant now) {
        Instant from = now.minus(DAY);
        return sessions.stream().filter(s -> s.started().isAfter(from)).toList();
    }

    public Duration ranToday(Instant now) {
        return today(now).stream().map(SessionSummary::ran).reduce(Duration.ZERO, Duration::plus);
    }
}
