package org.massaged.device.profile;

import java.time.Duration;

/**
 * How long sessions may be and how often. The 5–15 minute band is a ceiling in code: a profile may
 * narrow it, never widen it (S1).
 *
 * @param pauseTimeout how long a session may stay paused (seat empty) before it stops
 */
public record SessionLimits(Duration defaultDuration, Duration minDuration, Duration maxDuration,
                            Duration minRest, Duration dailyBudget, Duration pauseTimeout) {
    public static final Duration FLOOR = Duration.ofMinutes(5);
    public static final Duration CEILING = Duration.ofMinutes(15);
    public static final Duration DEFAULT = Duration.ofMinutes(10);

    /** The same limits with another rest between sessions (a profile file may set it; overrides may not). */
    public SessionLimits withMinRest(Duration rest) {
        return new SessionLimits(defaultDuration, minDuration, maxDuration, rest, dailyBudget, pauseTimeout);
    }
}
