package org.massaged.controller.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;
import org.massaged.device.program.Technique;

/**
 * Plays a program laid out over a session: which step is current at a time since the session began, and
 * the relative drive (0..1) each zone gets from that step's technique and intensity. Pure, and allocation-free
 * per call. A zone the step does not drive, and a zone that may not be driven at all (over the spine,
 * disabled), rests at 0 (S8).
 *
 * <p>Step {@code i} runs over its share of the session's duration. The warm-up, if any, plays over the start
 * of the program with the motors still (the first steps are the warm ones), and the session's ramp down
 * plays over the end of the last step (the long slow stroke). Skipping a step lets the next one start at
 * once and run to its own natural end: it absorbs the remainder.
 */
final class ProgramRunner implements ProgramLayout {

    private record Planned(String name, Technique technique, double intensity, boolean heat, long startNanos,
                           long endNanos, boolean[] drives) {}

    private final Program program;
    private final Planned[] steps;
    private int skippedTo;
    private long skipStartNanos;

    private ProgramRunner(Program program, List<Planned> steps) {
        this.program = program;
        this.steps = steps.toArray(new Planned[0]);
    }

    /**
     * Lays {@code program} out on the device over {@code duration}. {@code zones} is the engine's zone order.
     * A step may name a zone id, or a side: {@code both} (every drivable zone), {@code left} or {@code right}
     * (zones whose id or name says that side; on a device with no such zone, every drivable zone).
     */
    static ProgramLayout lay(Program program, DeviceProfile profile, List<Zone> zones, Duration duration) {
        List<Zone> drivable = profile.drivableZones();
        double shareSum = program.steps().stream().mapToDouble(Step::share).sum();
        long total = duration.toNanos();
        List<Planned> planned = new ArrayList<>();
        double cumulative = 0;
        for (int i = 0; i < program.steps().size(); i++) {
            Step step = program.steps().get(i);
            boolean[] drives = new boolean[zones.size()];
            for (String name : step.zones()) {
                Zone named = profile.zone(name).orElse(null);
                if (named != null && !drivable.contains(named)) {
                    return new ProgramLayout.Refused("zone-over-spine", "Program " + program.id() + ", step " + (i + 1) + " \""
                            + step.name() + "\" names zone " + name + ", which is never driven (over the spine or disabled).");
                }
                List<Zone> chosen = named != null ? List.of(named) : side(name, drivable);
                if (chosen == null) {
                    return new ProgramLayout.Refused("zone-missing", "Program " + program.id() + ", step " + (i + 1) + " \""
                            + step.name() + "\" names zone " + name + ", which device " + profile.id() + " does not have.");
                }
                for (int z = 0; z < zones.size(); z++) {
                    drives[z] |= chosen.contains(zones.get(z)) && drivable.contains(zones.get(z));
                }
            }
            long start = (long) (cumulative * total);
            cumulative += shareSum > 0 ? step.share() / shareSum : 1.0 / program.steps().size();
            long end = i == program.steps().size() - 1 ? total : (long) (cumulative * total);
            planned.add(new Planned(step.name(), step.technique(), Math.max(0, Math.min(1, step.intensity())),
                    step.heat(), start, end, drives));
        }
        if (planned.isEmpty()) {
            return new ProgramLayout.Refused("nothing-to-drive", "Program " + program.id() + " has no steps.");
        }
        return new ProgramRunner(program, planned);
    }

    private static List<Zone> side(String name, List<Zone> drivable) {
        return switch (name) {
            case "both" -> drivable;
            case "left", "right" -> {
                List<Zone> sided = drivable.stream().filter(zone -> zone.id().contains(name)
                        || zone.name().toLowerCase(java.util.Locale.ROOT).contains(name)).toList();
                yield sided.isEmpty() ? drivable : sided;
            }
            default -> null;
        };
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
