package org.massaged.device.program;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.massaged.device.profile.Zone;

/**
 * A program laid out for one device and one session length: every step with its start, length and zones.
 * Pure data and arithmetic (no clock, no I/O): the session engine's program runner asks it for levels at
 * an elapsed time, and {@code massaged programs show} prints it.
 *
 * <p>Levels: a zone in the current step runs at {@code lowest + (sessionLevel − lowest) × intensity × drive},
 * where {@code lowest} is the lowest level that turns its motor (see
 * {@link org.massaged.device.profile.Actuator#lowestTurningLevel}): intensity is a fraction of the range the
 * motor can actually play, so a gentle step neither stalls the motor nor loses its waveform, and nothing
 * exceeds {@code sessionLevel} or the zone's {@code hardMax}. Zones not in the current step, and every zone after the end, are at 0. The engine still
 * applies its own ceilings (homeMax, "too much"), ramps and rate limits on top.
 *
 * @param zones the drivable zones of the profile (over-spine and disabled zones are not here, so a plan
 *              cannot address them)
 * @param notes every way the program was adapted to the device, in words (empty: runs as written)
 */
public record ProgramPlan(String programId, String programName, String profileId, Duration duration,
                          List<PlannedStep> steps, List<Zone> zones, List<String> notes) {

    public ProgramPlan {
        steps = List.copyOf(steps);
        zones = List.copyOf(zones);
        notes = List.copyOf(notes);
    }

    /** The step running {@code elapsed} after the start; empty before 0 and from {@link #duration()} on. */
    public Optional<PlannedStep> stepAt(Duration elapsed) {
        return steps.stream().filter(step -> step.covers(elapsed)).findFirst();
    }

    /** Level per drivable zone at {@code elapsed}, for a session at {@code sessionLevel}. */
    public Map<String, Double> levelsAt(Duration elapsed, double sessionLevel) {
        Map<String, Double> levels = new LinkedHashMap<>();
        Optional<PlannedStep> step = stepAt(elapsed);
        for (Zone zone : zones) {
            double level = 0.0;
            if (step.isPresent() && step.get().drives(zone.id())) {
                double secondsIntoStep = elapsed.minus(step.get().start()).toNanos() / 1e9;
                level = level(zone, sessionLevel, step.get().intensity(),
                        step.get().technique().drive(secondsIntoStep));
            }
            levels.put(zone.id(), level);
        }
        return levels;
    }

    /**
     * The bare relative drive (0..1) of a zone at {@code elapsed}: intensity × the technique's waveform, 0
     * for zones the current step does not drive, for zones not in the plan, and after the end. For a
     * runner that scales by its own level; {@link #levelsAt} adds the turning-level floor and the caps.
     */
    public double relativeDrive(String zoneId, Duration elapsed) {
        Optional<PlannedStep> step = stepAt(elapsed);
        if (step.isEmpty() || !step.get().drives(zoneId) || zone(zoneId).isEmpty()) {
            return 0.0;
        }
        double secondsIntoStep = elapsed.minus(step.get().start()).toNanos() / 1e9;
        return step.get().intensity() * step.get().technique().drive(secondsIntoStep);
    }

    /** The range of levels {@code step} drives {@code zone} at, over a cycle of its technique. */
    public static LevelRange levelRange(PlannedStep step, Zone zone, double sessionLevel) {
        if (!step.drives(zone.id())) {
            return new LevelRange(0, 0);
        }
        return new LevelRange(level(zone, sessionLevel, step.intensity(), step.technique().minDrive()),
                level(zone, sessionLevel, step.intensity(), step.technique().maxDrive()));
    }

    /**
     * The one level formula (see the class comment): a step's intensity × the technique's drive is a fraction
     * of the range between the lowest level that turns the motor and the session's level, so every waveform
     * keeps its shape at every level and never stalls the motor; a drive of 0 stays 0.
     */
    public static double level(Zone zone, double sessionLevel, double intensity, double drive) {
        double cap = Math.min(sessionLevel, zone.actuator().hardMax());
        double fraction = intensity * drive;
        if (fraction <= 0 || cap <= 0) {
            return 0.0;
        }
        double lowest = zone.actuator().lowestTurningLevel();
        if (cap <= lowest) {
            return cap;
        }
        return lowest + (cap - lowest) * Math.min(1.0, fraction);
    }

    public Optional<Zone> zone(String id) {
        return zones.stream().filter(zone -> zone.id().equals(id)).findFirst();
    }
}
