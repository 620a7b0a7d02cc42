package org.massaged.simulator.mcu;

import java.util.List;
import java.util.OptionalInt;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Heater;
import org.massaged.device.protocol.Message;
import org.massaged.device.protocol.ProfileWire;

/**
 * Which board is simulated: the hardware it has and reports in IDENTIFY (docs/protocol.md §4.1), and its own
 * session cap. Nothing here is a rule the host decides: those arrive in CONFIGURE, as on the real firmware.
 *
 * @param boardId            the board id IDENTIFY reports
 * @param capabilities       motor channels (ids, hardware steps), heater, sensors
 * @param zoneIds            the motor channels in wire order
 * @param padSensorIndex     which temperature sensor sits on the heating pad (the others read the skin)
 * @param sessionCapSeconds  the board's own session cap (at most 900 s)
 */
public record SimulatedBoard(String boardId, Message.Capabilities capabilities, List<String> zoneIds,
                             OptionalInt padSensorIndex, int sessionCapSeconds) {
    public static final int SESSION_CAP_SECONDS = 900;

    public SimulatedBoard {
        zoneIds = List.copyOf(zoneIds);
        if (sessionCapSeconds < 1 || sessionCapSeconds > SESSION_CAP_SECONDS) {
            throw new IllegalArgumentException("a board's session cap is 1.." + SESSION_CAP_SECONDS + " s, not "
                    + sessionCapSeconds);
        }
    }

    /** The board a profile describes (the simulator plays the device the profile is for). */
    public static SimulatedBoard of(DeviceProfile profile) {
        List<String> temperatures = ProfileWire.temperatureSensorIds(profile);
        OptionalInt pad = profile.heater().map(Heater::sensor).map(temperatures::indexOf)
                .filter(index -> index >= 0).map(OptionalInt::of).orElse(OptionalInt.empty());
        return new SimulatedBoard(profile.identity().firmwareBoard(), ProfileWire.capabilities(profile),
                ProfileWire.zoneIds(profile), pad, SESSION_CAP_SECONDS);
    }

    public SimulatedBoard withSessionCap(int seconds) {
        return new SimulatedBoard(boardId, capabilities, zoneIds, padSensorIndex, seconds);
    }

    int zoneCount() {
        return zoneIds.size();
    }

    int hardwareSteps(int zone) {
        return capabilities.zones().get(zone).maxSteps();
    }
}
