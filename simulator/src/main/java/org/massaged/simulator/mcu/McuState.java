package org.massaged.simulator.mcu;

import java.util.Map;
import org.massaged.device.protocol.FaultCode;

/** A snapshot of what the simulated microcontroller is doing. */
public record McuState(long bootId, boolean configured, FaultCode latchedFault, boolean emergencyStopLatched,
                       Map<String, Integer> zoneSteps, boolean heaterOn, long setpointsApplied,
                       long emergencyStops, long crcErrors, long retransmits, long badVersionFrames) {
    public McuState {
        zoneSteps = Map.copyOf(zoneSteps);
    }
}
