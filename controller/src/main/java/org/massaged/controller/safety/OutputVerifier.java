package org.massaged.controller.safety;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.Actuator;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.Zone;

/**
 * Output verification (S10): compares what each motor was told with what the device measured, by the same rules
 * the board applies (docs/protocol.md §5.4). A motor still turning faster than its stuck speed (10 % of
 * {@code fullSpeedRpm}) longer than its actuator's {@code spinDown} after it was commanded off, or one turning
 * slower than its stall speed {@link #SPIN_UP} after it was commanded on, faults the session; so does a heater
 * the device reports on {@link #HEATER_OFF_GRACE} after it was commanded off.
 *
 * <p>One report is not enough: the condition must hold on {@link #CONFIRMATIONS} consecutive reports after the
 * grace time, and a motor whose speed is still moving the right way (coasting down while off, spinning up while
 * on) starts the count again. A report can be late, or taken just before a command took effect. Each violation
 * is reported once, until the condition has cleared.
 *
 * <p>"Turning" is judged from the tachometer when the device reports rpm, otherwise from the motor current:
 * above 5 % of the sensor's range (its spec in the profile; without a spec, any value above zero).
 *
 * <p>A motor judged to run while off that is then seen below its stuck speed, still off, within twice its
 * spin-down of the cut was coasting after all: the device itself disproves the fault ({@link #disproved}).
 */
final class OutputVerifier {

    static final Duration SPIN_UP = Duration.ofMillis(1500);
    static final Duration HEATER_OFF_GRACE = Duration.ofSeconds(3);
    static final int CONFIRMATIONS = 3;
    static final String RUNS_WHILE_OFF = "motor-runs-while-off";
    /** A speed that moved by more than this fraction since the last report is still on its way. */
    private static final double MOVING = 0.1;
    private static final long NEVER = Long.MIN_VALUE;

    record Violation(String code, String message) {}

    private final List<Zone> zones;
    private final long[] spinDownNanos;
    private final double[] stuckRpm;
    private final double[] stallRpm;
    private final double currentThreshold;
    private final long[] commandedOnSince;
    private final long[] commandedOffSince;
    private final double[] lastMeasure;
    private final int[] runningWhileOff;
    private final int[] stillWhileOn;
    private final boolean[] reported;
    private long heaterOffSince;
    private int heaterOnWhileOff;
    private boolean heaterReported;
    private long disprovableUntil = NEVER;

    OutputVerifier(DeviceProfile profile, List<Zone> zones, long nowNanos) {
        this.zones = zones;
        this.currentThreshold = threshold(profile.sensor(SensorKind.MOTOR_CURRENT));
        this.spinDownNanos = new long[zones.size()];
        this.stuckRpm = new double[zones.size()];
        this.stallRpm = new double[zones.size()];
        for (int z = 0; z < zones.size(); z++) {
            Actuator actuator = zones.get(z).actuator();
            spinDownNanos[z] = actuator.spinDown().toNanos();
            stuckRpm[z] = actuator.stuckRpm();
            stallRpm[z] = actuator.stallRpm();
        }
        this.commandedOnSince = new long[zones.size()];
        this.commandedOffSince = new long[zones.size()];
        Arrays.fill(commandedOnSince, NEVER);
        Arrays.fill(commandedOffSince, nowNanos);
        this.lastMeasure = new double[zones.size()];
        this.runningWhileOff = new int[zones.size()];
        this.stillWhileOn = new int[zones.size()];
        this.reported = new boolean[zones.size()];
        this.heaterOffSince = nowNanos;
    }

    private static double threshold(Optional<SensorSpec> spec) {
        return spec.map(s -> Math.max(0, s.min()) + 0.05 * (s.max() - Math.max(0, s.min()))).orElse(0.0);
    }

    /** What the tick just commanded: steps per zone (engine order) and the heater. */
    void commanded(int[] steps, boolean heaterOn, long nowNanos) {
        for (int z = 0; z < steps.length; z++) {
            if (steps[z] > 0) {
                if (commandedOnSince[z] == NEVER) {
                    commandedOnSince[z] = nowNanos;
                }
                commandedOffSince[z] = NEVER;
            } else {
                if (commandedOffSince[z] == NEVER) {
                    commandedOffSince[z] = nowNanos;
                }
                commandedOnSince[z] = NEVER;
            }
        }
        if (heaterOn) {
            heaterOffSince = NEVER;
        } else if (heaterOffSince == NEVER) {
            heaterOffSince = nowNanos;
        }
    }

    /** Every output is off from now on (emergency, fault): the spin-down grace starts now. */
    void allOff(long nowNanos) {
        commanded(new int[zones.size()], false, nowNanos);
    }

    Optional<Violation> check(Readings readings, long nowNanos) {
        Optional<Violation> found = Optional.empty();
        for (int z = 0; z < zones.size(); z++) {
            Optional<Violation> zone = checkZone(z, readings, nowNanos);
            if (found.isEmpty()) {
                found = zone;
            }
        }
        boolean heaterLate = readings.heaterOn() && heaterOffSince != NEVER
                && nowNanos - heaterOffSince >= HEATER_OFF_GRACE.toNanos();
        heaterOnWhileOff = heaterLate ? heaterOnWhileOff + 1 : 0;
        heaterReported &= heaterLate;
        if (found.isEmpty() && heaterOnWhileOff >= CONFIRMATIONS && !heaterReported) {
            heaterReported = true;
            found = Optional.of(new Violation("heater-on-while-off", "The device reports the heater on although it"
                    + " has been commanded off for more than " + HEATER_OFF_GRACE.toSeconds() + " s."));
        }
        return found;
    }

    private Optional<Violation> checkZone(int z, Readings readings, long nowNanos) {
        String zone = zones.get(z).id();
        Measure measure = measure(readings, z);
        if (measure == null) {
            return Optional.empty();
        }
        double previous = lastMeasure[z];
        lastMeasure[z] = measure.value();
        double moved = measure.value() - previous;
        double tolerance = Math.max(measure.offThreshold(), Math.abs(previous)) * MOVING;
        boolean offLongEnough = commandedOffSince[z] != NEVER && nowNanos - commandedOffSince[z] >= spinDownNanos[z];
        boolean onLongEnough = commandedOnSince[z] != NEVER && nowNanos - commandedOnSince[z] >= SPIN_UP.toNanos();
        boolean runningOff = offLongEnough && measure.value() > measure.offThreshold() && moved > -tolerance;
        boolean stillOn = onLongEnough && measure.value() <= measure.onThreshold() && moved < tolerance;
        runningWhileOff[z] = runningOff ? runningWhileOff[z] + 1 : 0;
        stillWhileOn[z] = stillOn ? stillWhileOn[z] + 1 : 0;
        reported[z] &= runningOff || stillOn;
        if (reported[z]) {
            return Optional.empty();
        }
        if (runningWhileOff[z] >= CONFIRMATIONS) {
            reported[z] = true;
            return Optional.of(new Violation(RUNS_WHILE_OFF, "The motor of zone " + zone
                    + " is turning although it has been commanded off for longer than its spin-down of "
                    + spinDownNanos[z] / 1_000_000 + " ms (" + measure.describe() + ")."));
        }
        if (stillWhileOn[z] >= CONFIRMATIONS) {
            reported[z] = true;
            return Optional.of(new Violation("motor-not-turning", "The motor of zone " + zone
                    + " is not turning although it has been commanded on for more than " + SPIN_UP.toMillis()
                    + " ms (" + measure.describe() + ")."));
        }
        return Optional.empty();
    }

    /**
     * A fault saying a motor turns while off (this verifier's, or the board's STUCK_RELAY) was just latched: it
     * is disproved if every motor is seen below its stuck speed, still commanded off, within twice its spin-down
     * of the moment it was cut.
     */
    void suspectCoasting(long nowNanos) {
        long until = NEVER;
        for (int z = 0; z < zones.size(); z++) {
            if (commandedOffSince[z] != NEVER) {
                until = Math.max(until, commandedOffSince[z] + 2 * spinDownNanos[z]);
            }
        }
        disprovableUntil = until > nowNanos ? until : NEVER;
    }

    /** Whether these readings disprove the suspected fault (at most once per suspicion). */
    boolean disproved(Readings readings, long nowNanos) {
        if (disprovableUntil == NEVER) {
            return false;
        }
        if (nowNanos > disprovableUntil) {
            disprovableUntil = NEVER;
            return false;
        }
        boolean seen = false;
        for (int z = 0; z < zones.size(); z++) {
            Measure measure = measure(readings, z);
            if (measure == null) {
                continue;
            }
            if (commandedOffSince[z] == NEVER || measure.value() > measure.offThreshold()) {
                return false;
            }
            seen = true;
        }
        if (seen) {
            disprovableUntil = NEVER;
        }
        return seen;
    }

    private record Measure(double value, double offThreshold, double onThreshold, String unit) {
        String describe() {
            return Math.round(value) + " " + unit;
        }
    }

    /** The tachometer when the device reports rpm, otherwise the motor current; null when neither. */
    private Measure measure(Readings readings, int z) {
        String zone = zones.get(z).id();
        Double rpm = readings.zoneRpm().get(zone);
        if (rpm != null) {
            return new Measure(rpm, stuckRpm[z], stallRpm[z], "rpm");
        }
        Double current = readings.zoneCurrentMa().get(zone);
        if (current != null) {
            return new Measure(current, currentThreshold, currentThreshold, "mA");
        }
        return null;
    }
}
