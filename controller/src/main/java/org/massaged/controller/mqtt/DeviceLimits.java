package org.massaged.controller.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SessionLimits;
import org.massaged.device.program.Program;

/**
 * What a remote command may ask of this device, from the capability model: the level range (homeMax unless
 * the local config allows high intensity, S2), the duration range (never outside 5–15 min, S1), the
 * programs, and whether there is a heater.
 */
public record DeviceLimits(int minLevel, int maxLevel, int homeMax, int hardMax, int defaultLevel,
                           int minDurationMinutes, int maxDurationMinutes, int defaultDurationMinutes,
                           List<String> programIds, boolean heater, boolean allowHighIntensity) {

    public DeviceLimits {
        programIds = List.copyOf(programIds);
    }

    public static DeviceLimits of(DeviceProfile profile, List<Program> programs, boolean allowHighIntensity) {
        List<Actuator> actuators = profile.drivableZones().stream().map(zone -> zone.actuator()).toList();
        if (actuators.isEmpty()) {
            throw new IllegalArgumentException("profile " + profile.id() + " has no drivable zone");
        }
        int homeMax = actuators.stream().mapToInt(Actuator::homeMax).min().orElseThrow();
        int hardMax = actuators.stream().mapToInt(Actuator::hardMax).min().orElseThrow();
        int defaultLevel = actuators.stream().mapToInt(Actuator::defaultLevel).min().orElseThrow();
        SessionLimits session = profile.session();
        int minMinutes = (int) Math.max(minutesCeil(session.minDuration()), SessionLimits.FLOOR.toMinutes());
        int maxMinutes = (int) Math.min(session.maxDuration().toMinutes(), SessionLimits.CEILING.toMinutes());
        int defaultMinutes = (int) Math.max(minMinutes, Math.min(maxMinutes, session.defaultDuration().toMinutes()));
        Set<String> seen = programs.stream().map(Program::id).collect(Collectors.toSet());
        if (seen.size() != programs.size()) {
            throw new IllegalArgumentException("program ids must be unique");
        }
        return new DeviceLimits(1, allowHighIntensity ? hardMax : homeMax, homeMax, hardMax, defaultLevel,
                minMinutes, maxMinutes, defaultMinutes, programs.stream().map(Program::id).toList(),
                profile.heater().isPresent(), allowHighIntensity);
    }

    private static long minutesCeil(Duration duration) {
        long minutes = duration.toMinutes();
        return duration.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1;
    }
}
