package org.massaged.controller.safety;

import java.util.Map;

/**
 * What one control tick asks of the device: hardware steps per zone (already limited, ramped and with
 * offBelow applied), the heater, and the lease that keeps non-zero steps alive.
 */
public record Setpoints(Map<String, Integer> zoneSteps, boolean heaterOn, double heaterSetpointCelsius,
                        int leaseMillis) {
    public Setpoints {
        zoneSteps = Map.copyOf(zoneSteps);
    }

    public boolean allOff() {
        return !heaterOn && zoneSteps.values().stream().allMatch(steps -> steps == 0);
    }

    public static Setpoints off(Iterable<String> zones) {
        var steps = new java.util.HashMap<String, Integer>();
        zones.forEach(zone -> steps.put(zone, 0));
        return new Setpoints(steps, false, 0, 0);
    }
}
