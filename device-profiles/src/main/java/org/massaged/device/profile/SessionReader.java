package org.massaged.device.profile;

import java.time.Duration;
import java.util.Optional;
import org.massaged.device.profile.yaml.Durations;
import org.massaged.device.profile.yaml.YamlMap;

/**
 * A profile's {@code session} section (or its defaults): durations, rest, the daily budget, the pause
 * timeout, and how they relate.
 */
final class SessionReader {

    static final Duration MAX_REST = Duration.ofHours(24);
    static final Duration MIN_PAUSE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_PAUSE_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_MIN_REST = Duration.ofMinutes(30);
    static final Duration DEFAULT_DAILY_BUDGET = Duration.ofMinutes(45);
    static final Duration DEFAULT_PAUSE_TIMEOUT = Duration.ofMinutes(2);

    private SessionReader() {}

    static SessionLimits defaultSession() {
        return new SessionLimits(SessionLimits.DEFAULT, SessionLimits.FLOOR, SessionLimits.CEILING,
                DEFAULT_MIN_REST, DEFAULT_DAILY_BUDGET, DEFAULT_PAUSE_TIMEOUT);
    }

    static Optional<SessionLimits> session(YamlMap map) {
        map.allow("defaultDuration", "minDuration", "maxDuration", "minRest", "dailyBudget", "pauseTimeout");
        Duration floor = SessionLimits.FLOOR;
        Duration ceiling = SessionLimits.CEILING;
        Optional<Duration> defaultDuration = orDefault(map, "defaultDuration", floor, ceiling, SessionLimits.DEFAULT);
        Optional<Duration> minDuration = orDefault(map, "minDuration", floor, ceiling, floor);
        Optional<Duration> maxDuration = orDefault(map, "maxDuration", floor, ceiling, ceiling);
        Optional<Duration> minRest = orDefault(map, "minRest", Duration.ZERO, MAX_REST, DEFAULT_MIN_REST);
        Optional<Duration> budget = orDefault(map, "dailyBudget", floor, MAX_REST, DEFAULT_DAILY_BUDGET);
        Optional<Duration> pause = orDefault(map, "pauseTimeout", MIN_PAUSE_TIMEOUT, MAX_PAUSE_TIMEOUT,
                DEFAULT_PAUSE_TIMEOUT);
        if (defaultDuration.isEmpty() || minDuration.isEmpty() || maxDuration.isEmpty() || minRest.isEmpty()
                || budget.isEmpty() || pause.isEmpty()) {
            return Optional.empty();
        }
        SessionLimits limits = new SessionLimits(defaultDuration.get(), minDuration.get(), maxDuration.get(),
                minRest.get(), budget.get(), pause.get());
        return checkSession(limits, map) ? Optional.of(limits) : Optional.empty();
    }

    static boolean checkSession(SessionLimits limits, YamlMap map) {
        if (limits.minDuration().compareTo(limits.maxDuration()) > 0) {
            ProfileReader.pointAt(map, "minDuration").problem("at most maxDuration (" + Durations.show(limits.maxDuration()) + ")");
            return false;
        }
        if (limits.defaultDuration().compareTo(limits.minDuration()) < 0
                || limits.defaultDuration().compareTo(limits.maxDuration()) > 0) {
            ProfileReader.pointAt(map, "defaultDuration").problem("a duration from minDuration (" + Durations.show(limits.minDuration())
                    + ") to maxDuration (" + Durations.show(limits.maxDuration()) + ")");
            return false;
        }
        if (limits.dailyBudget().compareTo(limits.minDuration()) < 0) {
            ProfileReader.pointAt(map, "dailyBudget").problem("at least minDuration (" + Durations.show(limits.minDuration())
                    + "), so one session fits in a day");
            return false;
        }
        return true;
    }

    private static Optional<Duration> orDefault(YamlMap map, String key, Duration min, Duration max, Duration fallback) {
        return map.has(key) ? map.duration(key, true, min, max) : Optional.of(fallback);
    }
}
