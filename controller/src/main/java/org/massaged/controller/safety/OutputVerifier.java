package org.massaged.controller.safety;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.SensorKind;
import org.massaged.device.profile.SensorSpec;
import org.massaged.device.profile.Zone;

/**
 * Output verification (S10): compares what each motor was told with what the device measured. A motor that
 * keeps turning after {@link #SPIN_DOWN} commanded off, or that does not turn after {@link #SPIN_UP} commanded
 * on, faults the session; so does a heater the device reports on after {@link #SPIN_DOWN} commanded off.
 *
 * <p>One report is not enough: the condition must hold on {@link #CONFIRMATIONS} consecutive reports after the
 * grace time, and a motor whose speed is still moving the right way (coasting down while off, spinning up while
 * on) starts the count again. A report can be late, or taken just before a command took effect; a motor with
 * inertia slows down over time. What is judged is a motor that stays put against its command.
 *
 * <p>"Turning" is judged from the tachometer when the device reports rpm, otherwise from the motor current:
 * above 5 % of the sensor's range (its spec in the profile; without a spec, any value above zero).
 */
final class OutputVerifier {

    static final Duration SPIN_UP = Duration.ofMillis(1500);
    static final Duration SPIN_DOWN = Duration.ofSeconds(3);
    static final int CONFIRMATIONS = 3;
    /** A speed that moved by more than this fraction since the last report is still on its way. */
    private static final double MOVING = 0.1;

    record Violation(String code, String message) {}

    private final List<Zone> zones;
    private final double rpmThreshold;
    private final double currentThreshold;
    private final long[] commandedOnSince;
    private final long[] commandedOffSince;
    private final double[] lastMeasure;
    private final int[] runningWhileOff;
    private final int[] stillWhileOn;
    private long heaterOffSince;
    private int heaterOnWhileOff;

    OutputVerifier(DeviceProfile profile, List<Zone> zones, long nowNanos) {
        this.zones = zones;
        this.rpmThreshold = threshold(profile.sensor(SensorKind.TACHOMETER));
        this.currentThreshold = threshold(profile.sensor(SensorKind.MOTOR_CURRENT));
        this.commandedOnSince = new long[zones.size()];
        this.commandedOffSince = new long[zones.size()];
        java.util.Arrays.fill(commandedOnSince, Long.MIN_VALUE);
        java.util.Arrays.fill(commandedOffSince, nowNanos);
        this.lastMeasure = new double[zones.size()];
        this.runningWhileOff = new int[zones.size()];
        this.stillWhileOn = new int[zones.size()];
        this.heaterOffSince = nowNanos;
    }

    private static double threshold(Optional<SensorSpec> spec) {
        return spec.map(s -> Math.max(0, s.min()) + 0.05 * (s.max() - Math.max(0, s.min()))).orElse(0.0);
    }

    /** What the tick just commanded: steps per zone (engine order) and the heater. */
    void commanded(int[] steps, boolean heaterOn, long nowNanos) {
        for (int z = 0; z < steps.length; z++) {
            if (steps[z] > 0) {
                if (commandedOnSince[z] == Long.MIN_VALUE) {
                    commandedOnSince[z] = nowNanos;
                }
                commandedOffSince[z] = Long.MIN_VALUE;
            } else {
                if (commandedOffSince[z] == Long.MIN_VALUE) {
                    commandedOffSince[z] = nowNanos;
                }
                commandedOnSince[z] = Long.MIN_VALUE;
            }
        }
        if (heaterOn) {
            heaterOffSince = Long.MIN_VALUE;
        } else if (heaterOffSince == Long.MIN_VALUE) {
            heaterOffSince = nowNanos;
        }
    }

    /** Every output is off from now on (emergency, fault): the spin-down grace starts now. */
    void allOff(long nowNanos) {
        int[] zero = new int[zones.size()];
        commanded(zero, false, nowNanos);
    }

    Optional<Violation> check(Readings readings, long nowNanos) {
        for (int z = 0; z < zones.size(); z++) {
            String zone = zones.get(z).id();
            Measure measure = measure(readings, zone);
            if (measure == null) {
                continue;
            }
            double previous = lastMeasure[z];
            lastMeasure[z] = measure.value();
            double moved = measure.value() - previous;
            double tolerance = Math.max(measure.threshold(), Math.abs(previous)) * MOVING;
            boolean offLongEnough = commandedOffSince[z] != Long.MIN_VALUE
                    && nowNanos - commandedOffSince[z] >= SPIN_DOWN.toNanos();
            boolean onLongEnough = commandedOnSince[z] != Long.MIN_VALUE
                    && nowNanos - commandedOnSince[z] >= SPIN_UP.toNanos();
            boolean turning = measure.value() > measure.threshold();
            runningWhileOff[z] = offLongEnough && turning && moved > -tolerance ? runningWhileOff[z] + 1 : 0;
            stillWhileOn[z] = onLongEnough && !turning && moved < tolerance ? stillWhileOn[z] + 1 : 0;
            if (runningWhileOff[z] >= CONFIRMATIONS) {
                return Optional.of(new Violation("motor-runs-while-off", "The motor of zone " + zone
                        + " is turning although it has been commanded off for more than " + SPIN_DOWN.toSeconds()
                        + " s (" + measure.describe() + ")."));
            }
            if (stillWhileOn[z] >= CONFIRMATIONS) {
                return Optional.of(new Violation("motor-not-turning", "The motor of zone " + zone
                        + " is not turning although it has been commanded on for more than " + SPIN_UP.toMillis()
                        + " ms (" + measure.describe() + ")."));
            }
        }
        boolean heaterLate = readings.heaterOn() && heaterOffSince != Long.MIN_VALUE
                && nowNanos - heaterOffSince >= SPIN_DOWN.toNanos();
        heaterOnWhileOff = heaterLate ? heaterOnWhileOff + 1 : 0;
        if (heaterOnWhileOff >= CONFIRMATIONS) {
            return Optional.of(new Violation("heater-on-while-off", "The device reports the heater on although it has"
                    + " been commanded off for more than " + SPIN_DOWN.toSeconds() + " s."));
        }
        return Optional.empty();
    }

    private record Measure(double value, double threshold, String unit) {
        String describe() {
            return Math.round(value) + " " + unit;
        }
    }

    /** The tachometer when the device reports rpm, otherwise the motor current; null when neither. */
    private Measure measure(Readings readings, String zone) {
        Double rpm = readings.zoneRpm().get(zone);
        if (rpm != null) {
            return new Measure(rpm, rpmThreshold, "rpm");
        }
        Double current = readings.zoneCurrentMa().get(zone);
        if (current != null) {
            return new Measure(current, currentThreshold, "mA");
        }
        return null;
    }

}
