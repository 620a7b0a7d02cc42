package org.massaged.controller.hardware.serial;

import java.util.ArrayList;
import java.util.List;
import org.massaged.controller.safety.Setpoints;
import org.massaged.device.profile.Zone;
import org.massaged.device.protocol.Message;

/**
 * The SETPOINT a control tick's {@link Setpoints} become on the wire: zones in profile order, over-spine zones
 * always 0, steps clamped to the configured limits, the heater to its configured maximum, the lease to the
 * largest the board accepts (docs/protocol.md §7).
 */
final class SetpointFrames {
    private final List<Zone> zones;
    private final Message.Configure configuration;

    SetpointFrames(List<Zone> zones, Message.Configure configuration) {
        this.zones = List.copyOf(zones);
        this.configuration = configuration;
    }

    Message.Setpoint of(Setpoints setpoints, int maxLeaseMillis) {
        List<Integer> steps = new ArrayList<>(zones.size());
        for (int i = 0; i < zones.size(); i++) {
            Zone zone = zones.get(i);
            int wanted = setpoints.zoneSteps().getOrDefault(zone.id(), 0);
            int limit = configuration.zones().get(i).maxSteps();
            steps.add(zone.overSpine() ? 0 : Math.max(0, Math.min(wanted, limit)));
        }
        boolean heater = setpoints.heaterOn() && configuration.heaterMaxCentiCelsius() > 0;
        int heaterCenti = heater ? (int) Math.max(0, Math.min(Math.round(setpoints.heaterSetpointCelsius() * 100),
                configuration.heaterMaxCentiCelsius())) : 0;
        int lease = setpoints.leaseMillis() > 0 ? Math.min(setpoints.leaseMillis(), maxLeaseMillis) : maxLeaseMillis;
        Message.Setpoint message = new Message.Setpoint(lease, heater, heaterCenti, steps);
        return message.allOff() ? allOff() : message;
    }

    /** Every output off, lease 0: what the host sends to end the handshake and on every stop. */
    Message.Setpoint allOff() {
        return new Message.Setpoint(0, false, 0, java.util.Collections.nCopies(zones.size(), 0));
    }
}
