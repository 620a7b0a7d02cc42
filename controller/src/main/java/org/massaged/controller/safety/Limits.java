package org.massaged.controller.safety;

import java.time.Duration;
import java.util.List;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/**
 * The limits a session lives in, derived once from the profile (already narrowed by the user override) and
 * the local config. Code ceilings win over any file: 5–15 minutes (S1), homeMax unless the local config allows
 * high intensity (S2), never an overSpine zone (S8).
 *
 * <p>A session has one level on a common scale; each zone is driven at that level clamped to its own ceiling.
 * The session's start level and ceiling are the lowest over the drivable zones, so no zone ever exceeds its own.
 */
record Limits(int startLevel, int ceiling, Duration minDuration, Duration maxDuration, Duration defaultDuration,
              Duration minRest, Duration pauseTimeout, double slowestRampUp) {

    static final Duration SOFT_START_MIN = Duration.ofSeconds(2);
    static final Duration RAMP_DOWN_MIN = Duration.ofSeconds(3);

    static Limits of(DeviceProfile profile, boolean allowHighIntensity) {
        List<Zone> drivable = profile.drivableZones();
        if (drivable.isEmpty()) {
            throw new IllegalArgumentException("Profile " + profile.id() + " has no zone that may be driven"
                    + " (every zone is overSpine).");
        }
        int ceiling = drivable.stream().mapToInt(zone -> zoneCeiling(zone.actuator(), allowHighIntensity)).min().orElseThrow();
        int start = Math.max(1, Math.min(ceiling,
                drivable.stream().mapToInt(zone -> zone.actuator().defaultLevel()).min().orElseThrow()));
        double slowestUp = drivable.stream().mapToDouble(zone -> zone.actuator().rampUpLevelsPerSecond()).min().orElseThrow();
        if (!(slowestUp > 0)) {
            throw new IllegalArgumentException("Profile " + profile.id() + ": rampUpLevelsPerSecond must be above 0.");
        }
        SessionLimits session = profile.session();
        Duration min = max(session.minDuration(), SessionLimits.FLOOR);
        Duration maxDuration = min(session.maxDuration(), SessionLimits.CEILING);
        if (min.compareTo(maxDuration) > 0) {
            min = maxDuration;
        }
        Duration defaultDuration = clamp(session.defaultDuration(), min, maxDuration);
        return new Limits(start, ceiling, min, maxDuration, defaultDuration,
                session.minRest(), session.pauseTimeout(), slowestUp);
    }

    static int zoneCeiling(Actuator actuator, boolean allowHighIntensity) {
        int hard = Math.min(actuator.hardMax(), actuator.levels());
        return Math.max(1, allowHighIntensity ? hard : Math.min(actuator.homeMax(), hard));
    }

    Duration clampDuration(Duration requested) {
        return clamp(requested, minDuration, maxDuration);
    }

    private static Duration clamp(Duration value, Duration low, Duration high) {
        return max(low, min(value, high));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
