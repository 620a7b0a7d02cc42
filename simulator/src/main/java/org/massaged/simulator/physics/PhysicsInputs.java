package org.massaged.simulator.physics;

import java.util.Map;

/**
 * What drives the physical massager during one step: the hardware steps applied to each motor and whether
 * the heating element is powered. Missing zones count as 0.
 */
public record PhysicsInputs(Map<String, Integer> zoneSteps, boolean heaterOn) {
    public PhysicsInputs {
        zoneSteps = Map.copyOf(zoneSteps);
    }

    public int steps(String zone) {
        return zoneSteps.getOrDefault(zone, 0);
    }
}
