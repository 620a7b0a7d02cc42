package org.massaged.controller.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.PlannedStep;
import org.massaged.device.program.Program;
import org.massaged.device.program.ProgramNotPlayableException;
import org.massaged.device.program.ProgramPlan;
import org.massaged.device.program.ProgramPlanner;
import org.massaged.device.program.Technique;

/**
 * Plays a program laid out over a session: which step is current at a time since the session began, and
 * the relative drive (0..1) each zone gets from that step's technique and intensity. Pure, and allocation-free
 * per call. A zone the step does not drive, and a zone that may not be driven at all (over the spine,
 * disabled), rests at 0 (S8).
 *
 * <p>The layout is the device-profiles {@link ProgramPlan}: step {@code i} runs over its share of the
 * session's duration. The warm-up, if any, plays over the start
 * of the program with the motors still (the first steps are the warm ones), and the session's ramp down
 * plays over the end of the last step (the long slow stroke). Skipping a step lets the next one start at
 * once and run to its own natural end: it absorbs the remainder.
 */
final class ProgramRunner implements ProgramLayout {

    private record Planned(String name, Technique technique, double intensity, boolean heat, long startNanos,
                           long endNanos, boolean[] drives) {}

    private final Program program;
    private final List<String> notes;
    private final Planned[] steps;
    private int skippedTo;
    private long skipStartNanos;

    private ProgramRunner(Program program, List<String> notes, List<Planned> steps) {
        this.program = program;
        this.notes = List.copyOf(notes);
        this.steps = steps.toArray(new Planned[0]);
    }

    /**
     * Lays {@code program} out on the device over {@code duration} with the device-profiles program planner
     * (sides resolved, the spine and disabled zones left out, heat dropped on a device without a heater).
     * {@code zones} is the engine's zone order.
     */
    static ProgramLayout lay(Program program, DeviceProfile profile, List<Zone> zones, Duration duration) {
        ProgramPlan plan;
        try {
            plan = ProgramPlanner.plan(program, profile, duration);
        } catch (ProgramNotPlayableException notPlayable) {
            return new ProgramLayout.Refused(notPlayable.reason(), notPlayable.getMessage());
        }
        List<Zone> drivable = profile.drivableZones();
        List<Planned> planned = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            boolean[] drives = new boolean[zones.size()];
            for (int z = 0; z < zones.size(); z++) {
                Zone zone = zones.get(z);
                drives[z] = step.drives(zone.id()) && drivable.contains(zone);
            }
            planned.add(new Planned(step.name(), step.technique(), Math.max(0, Math.min(1, step.intensity())),
                    step.heat(), step.start().toNanos(), step.end().toNanos(), drives));
        }
        if (planned.isEmpty()) {
            return new ProgramLayout.Refused(ProgramNotPlayableException.NOTHING_TO_DRIVE,
                    "Program " + program.id() + " has nothing to play on " + profile.id() + ".");
        }
        return new ProgramRunner(program, plan.notes(), planned);
    }

    /** How the program was adapted to the device, in words (empty: it runs as written). */
    List<String> notes() {
        return notes;
    }

    Program program() {
        return program;
    }

    int stepCount() {
        return steps.length;
    }

    /** The step playing at {@code programNanos}: the last one from its start on. */
    int stepIndexAt(long programNanos) {
        int natural = 0;
        while (natural < steps.length - 1 && programNanos >= steps[natural].endNanos()) {
            natural++;
        }
        return Math.max(natural, skippedTo);
    }

    String stepName(int index) {
        return steps[index].name();
    }

    Technique technique(int index) {
        return steps[index].technique();
    }

    boolean heat(int index) {
        return steps[index].heat();
    }

    /** Skips to the next step; false when the current step is the last. */
    boolean skip(long programNanos) {
        int current = stepIndexAt(programNanos);
        if (current >= steps.length - 1) {
            return false;
        }
        skippedTo = current + 1;
        skipStartNanos = programNanos;
        return true;
    }

    private long stepStartNanos(int index) {
        long natural = steps[index].startNanos();
        return index == skippedTo && skippedTo > 0 ? Math.min(natural, skipStartNanos) : natural;
    }

    /** Relative drive of zone {@code zoneIndex} (engine order) at {@code programNanos}: intensity × waveform. */
    double relativeDrive(int zoneIndex, long programNanos) {
        int index = stepIndexAt(programNanos);
        Planned step = steps[index];
        if (!step.drives()[zoneIndex]) {
            return 0.0;
        }
        double secondsIntoStep = Math.max(0, programNanos - stepStartNanos(index)) / 1e9;
        return step.intensity() * step.technique().drive(secondsIntoStep);
    }

    /**
     * The level zone {@code zoneIndex} plays at, {@code programNanos} into the session at {@code sessionLevel}:
     * the plan's one level formula (waveform × intensity × level, raised to the lowest level that turns the
     * motor so that a gentle step does not stall it, never above the session's level).
     */
    double level(Zone zone, int zoneIndex, double sessionLevel, long programNanos) {
        int index = stepIndexAt(programNanos);
        Planned step = steps[index];
        if (!step.drives()[zoneIndex] || sessionLevel <= 0) {
            return 0.0;
        }
        double secondsIntoStep = Math.max(0, programNanos - stepStartNanos(index)) / 1e9;
        return ProgramPlan.level(zone, sessionLevel, step.intensity(), step.technique().drive(secondsIntoStep));
    }

    /** Whether any step asks for the heating pad. */
    boolean wantsHeat() {
        for (Planned step : steps) {
            if (step.heat()) {
                return true;
            }
        }
        return false;
    }
}
