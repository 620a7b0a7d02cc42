package org.massaged.controller.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.massaged.device.profile.SessionLimits;

/**
 * Rest between sessions and the daily budget (S11), from the sessions the journal remembers plus those of
 * this run. "Daily" is a rolling 24 hours, which needs no time zone and cannot be reset by midnight.
 *
 * <p>Rest after a session of this run is timed on the monotonic clock, so a wall-clock change cannot shorten
 * it; rest after a session from the journal (before a restart) can only be timed on the wall clock.
 */
final class Usage {

    static final Duration WINDOW = Duration.ofHours(24);

    private final SessionLimits limits;
    private final List<UsageHistory.PastSession> sessions;
    private long lastEndNanos;
    private boolean endedThisRun;

    Usage(SessionLimits limits, UsageHistory history) {
        this.limits = limits;
        this.sessions = new ArrayList<>(history.sessions());
    }

    void record(Instant started, Instant ended, Duration ran, long endNanos) {
        sessions.add(new UsageHistory.PastSession(started, ended, ran));
        lastEndNanos = endNanos;
        endedThisRun = true;
    }

    /** The session just recorded ended on a fault the device disproved: no rest is due after it. */
    void waiveRestAfterLastSession() {
        if (sessions.isEmpty()) {
            return;
        }
        sessions.add(sessions.remove(sessions.size() - 1).withRestWaived());
        endedThisRun = false;
    }

    Duration restRemaining(long nowNanos, Instant wallNow) {
        long remaining = 0;
        if (endedThisRun) {
            remaining = lastEndNanos + limits.minRest().toNanos() - nowNanos;
        }
        for (UsageHistory.PastSession session : sessions) {
            if (session.ended() == null || session.restWaived()) {
                continue;
            }
            if (session.ended().isAfter(wallNow)) {
                // ended "in the future": the wall clock went back; count it as just ended
                remaining = Math.max(remaining, limits.minRest().toNanos());
            } else {
                remaining = Math.max(remaining, Duration.between(wallNow, session.ended().plus(limits.minRest())).toNanos());
            }
        }
        return Duration.ofNanos(Math.max(0, remaining));
    }

    /** Time run in the 24 hours before {@code wallNow}, with {@code current} (the running session) added. */
    Duration usedToday(Instant wallNow, Duration current) {
        Duration used = current;
        Instant since = wallNow.minus(WINDOW);
        for (UsageHistory.PastSession session : sessions) {
            if (session.ended() != null && session.ended().isAfter(since)) {
                used = used.plus(session.ran());
            }
        }
        return used;
    }

    int sessionsToday(Instant wallNow) {
        Instant since = wallNow.minus(WINDOW);
        return (int) sessions.stream().filter(s -> s.ended() != null && s.ended().isAfter(since)).count();
    }

    Duration budgetRemaining(Instant wallNow) {
        Duration left = limits.dailyBudget().minus(usedToday(wallNow, Duration.ZERO));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
