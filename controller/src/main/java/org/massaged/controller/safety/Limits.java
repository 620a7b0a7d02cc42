package org.massaged.controller.safety;

import java.time.Duration;
import java.util.List;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.profile.Zone;

/**
 * The limits a session lives in, derived once from the engine's configuration: the profile (already narrowed by
 * the user override) and the local config. Code ceilings win over any file: 5–15 minutes (S1), homeMax unless the
 * local config allows high intensity (S2), never an overSpine zone (S8). Every channel shows these ranges (the
 * table of controls, {@link Controls}); the engine enforces them.
 *
 * <p>A session has one level on a common scale; each zone is driven at that level clamped to its own ceiling.
 * The session's start level and ceiling are the lowest over the drivable zones, so no zone ever exceeds its own.
 *
 * @param defaultProgram the program a start plays unless another is chosen (from the local config)
 * @param programIds     the programs a session may play, by id
 * @param heater         whether the device has a heating pad
 */
public record Limits(int startLevel, int ceiling, Duration minDuration, Duration maxDuration, Duration defaultDuration,
                     Duration minRest, Duration pauseTimeout, double slowestRampUp, String defaultProgram,
                     List<String> programIds, boolean heater, boolean allowHighIntensity) {

    static final Duration SOFT_START_MIN = Duration.ofSeconds(2);
    static final Duration RAMP_DOWN_MIN = Duration.ofSeconds(3);

    public Limits {
        programIds = List.copyOf(programIds);
    }

    /**
     * @throws IllegalArgumentException when the profile has no zone that may be driven or no ramp
     */
    public static Limits of(EngineConfig config) {
        DeviceProfile profile = config.profile();
        boolean allowHighIntensity = config.allowHighIntensity();
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
        return new Limits(start, ceiling, min, maxDuration, defaultDuration, session.minRest(), session.pauseTimeout(),
                slowestUp, config.defaultProgram(), config.programs().keySet().stream().sorted().toList(),
                profile.heater().isPresent(), allowHighIntensity);
    }

    static int zoneCeiling(Actuator actuator, boolean allowHighIntensity) {
        int hard = Math.min(actuator.hardMax(), actuator.levels());
        return Math.max(1, allowHighIntensity ? hard : Math.min(actuator.homeMax(), hard));
    }

    /** The shortest session in whole minutes (a session of this many minutes is never raised). */
    public int minDurationMinutes() {
        long minutes = minDuration.toMinutes();
        return (int) (minDuration.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1);
    }

    /** The longest session in whole minutes (a session of this many minutes is never lowered). */
    public int maxDurationMinutes() {
        return (int) maxDuration.toMinutes();
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
