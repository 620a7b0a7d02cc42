package org.massaged.controller.safety;

import java.util.List;
import org.massaged.device.profile.Zone;
import org.massaged.device.program.Program;
import org.massaged.device.program.Step;

/**
 * Plays a program over a span of time: which step is current, and the relative drive (0..1) each zone gets
 * from that step's technique and intensity. Pure and allocation-free per call. A zone the step does not name,
 * and a zone that may not be driven (overSpine), rests at 0 (S8).
 *
 * <p>Step {@code i} runs from the sum of the earlier shares to the sum including its own, scaled to the span.
 * Skipping a step lets the next one start at once and run to its own natural end (it absorbs the remainder).
 */
final class ProgramRunner {

    private final Program program;
    private final long[] stepEndNanos;
    private final boolean[][] stepDrivesZone;
    private int skippedTo;

    /**
     * @param zones the profile's zones, in the engine's zone order
     * @param spanNanos the time the program is played over
     */
    ProgramRunner(Program program, List<Zone> zones, long spanNanos) {
        this.program = program;
        List<Step> steps = program.steps();
        double shareSum = steps.stream().mapToDouble(Step::share).sum();
        this.stepEndNanos = new long[steps.size()];
        this.stepDrivesZone = new boolean[steps.size()][zones.size()];
        double cumulative = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            cumulative += shareSum > 0 ? step.share() / shareSum : 1.0 / steps.size();
            stepEndNanos[i] = i == steps.size() - 1 ? spanNanos : (long) (cumulative * spanNanos);
            for (int z = 0; z < zones.size(); z++) {
                Zone zone = zones.get(z);
                stepDrivesZone[i][z] = !zone.overSpine() && step.zones().contains(zone.id());
            }
        }
    }

    Program program() {
        return program;
    }

    int stepCount() {
        return stepEndNanos.length;
    }

    /** The step playing at {@code programNanos}: the last one once the span is over. */
    int stepIndexAt(long programNanos) {
        int natural = 0;
        while (natural < stepEndNanos.length - 1 && programNanos >= stepEndNanos[natural]) {
            natural++;
        }
        return Math.max(natural, skippedTo);
    }

    Step step(int index) {
        return program.steps().get(index);
    }

    /** Whether a step follows the one playing now. */
    boolean hasNextStep(long programNanos) {
        return stepIndexAt(programNanos) < stepEndNanos.length - 1;
    }

    /** Skips to the next step; returns false when the current step is the last. */
    boolean skip(long programNanos) {
        int current = stepIndexAt(programNanos);
        if (current >= stepEndNanos.length - 1) {
            return false;
        }
        skippedTo = current + 1;
        stepSkipStartNanos = programNanos;
        return true;
    }

    private long stepSkipStartNanos;

    /** When the step playing at {@code programNanos} began (for the waveform's phase). */
    long stepStartNanos(int index) {
        long natural = index == 0 ? 0 : stepEndNanos[index - 1];
        return index == skippedTo && skippedTo > 0 ? Math.min(natural, stepSkipStartNanos) : natural;
    }

    /** Relative drive of zone {@code zoneIndex} (engine order) at {@code programNanos}: intensity × waveform. */
    double relativeDrive(int zoneIndex, long programNanos) {
        int index = stepIndexAt(programNanos);
        if (!stepDrivesZone[index][zoneIndex]) {
            return 0.0;
        }
        Step step = program.steps().get(index);
        double secondsIntoStep = Math.max(0, programNanos - stepStartNanos(index)) / 1e9;
        double intensity = Math.max(0.0, Math.min(1.0, step.intensity()));
        return intensity * step.technique().drive(secondsIntoStep);
    }

    /** Whether any step asks for the heating pad. */
    boolean wantsHeat() {
        return program.steps().stream().anyMatch(Step::heat);
    }
}
