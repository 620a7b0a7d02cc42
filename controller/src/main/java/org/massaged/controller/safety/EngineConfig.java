package org.massaged.controller.safety;

import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;

/**
 * What the session engine is built from: the profile (already narrowed by any user override), the
 * programs it may play, and the local config's safety choices.
 *
 * @param allowHighIntensity levels above the profile's homeMax are reachable only when this is set in the
 *                           local config file; nothing over MQTT can set it (S2)
 * @param dailyDoseLimit     the day's vibration dose A(8) in m/s² that no start may pass (docs/dose.md); empty: the
 *                           dose is only shown
 */
public record EngineConfig(DeviceProfile profile, Map<String, Program> programs, String defaultProgram,
                           boolean allowHighIntensity, RemoteStartPolicy remoteStartPolicy,
                           Optional<Double> dailyDoseLimit) {
    public EngineConfig {
        programs = Map.copyOf(programs);
        if (dailyDoseLimit.isPresent() && !(dailyDoseLimit.get() > 0 && Double.isFinite(dailyDoseLimit.get()))) {
            throw new IllegalArgumentException("A daily dose limit is a positive A(8) in m/s², not "
                    + dailyDoseLimit.get() + ".");
        }
    }

    /** Without a daily dose limit. */
    public EngineConfig(DeviceProfile profile, Map<String, Program> programs, String defaultProgram,
                        boolean allowHighIntensity, RemoteStartPolicy remoteStartPolicy) {
        this(profile, programs, defaultProgram, allowHighIntensity, remoteStartPolicy, Optional.empty());
    }
}
