package org.massaged.device.program;

import java.time.Duration;
import java.util.List;

/**
 * One step of a {@link ProgramPlan}: the technique, the profile zones it drives (already resolved from
 * sides and never over the spine), when it starts and how long it lasts in this session.
 *
 * @param index          position in the plan, from 0 (steps left out by degradation are not counted)
 * @param programIndex   position of the step in the program, from 0 (what notes and people count by)
 * @param requestedZones the zone names as the program wrote them ({@code left}, {@code both}, a zone id)
 * @param zones          the profile's zone ids this step drives
 * @param intensity      fraction (0..1] of the session's level
 * @param heat           the heating pad during this step (false when the device has no heater)
 * @param notes          how this step was adapted to the device, in words; empty when it runs as written
 */
public record PlannedStep(int index, int programIndex, String name, Technique technique, List<String> requestedZones,
                          List<String> zones, double intensity, Duration start, Duration duration, boolean heat,
                          List<String> notes) {

    public PlannedStep {
        requestedZones = List.copyOf(requestedZones);
        zones = List.copyOf(zones);
        notes = List.copyOf(notes);
    }

    public Duration end() {
        return start.plus(duration);
    }

    /** Whether {@code elapsed} (time since the program began) falls in this step: start ≤ elapsed < end. */
    public boolean covers(Duration elapsed) {
        return elapsed.compareTo(start) >= 0 && elapsed.compareTo(end()) < 0;
    }

    public boolean drives(String zoneId) {
        return zones.contains(zoneId);
    }
}
