package org.massaged.controller.safety;

import java.util.Map;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.program.Program;

/**
 * What the session engine is built from: the profile (already narrowed by any user override), the
 * programs it may play, and the local config's safety choices.
 *
 * @param allowHighIntensity levels above the profile's homeMax are reachable only when this is set in the
 *                           local config file; nothing over MQTT can set it (S2)
 */
public record EngineConfig(DeviceProfile profile, Map<String, Program> programs, String defaultProgram,
                           boolean allowHighIntensity, RemoteStartPolicy remoteStartPolicy) {
    public EngineConfig {
        programs = Map.copyOf(programs);
    }
}
