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
 * <p>"Turning" is judged from the tachometer when the device reports rpm, otherwise from the motor current:
 * above 5 % of the sensor's range (its spec in the profile; without a spec, any value above zero).
 */
final class OutputVerifier {

    static final Duration SPIN_UP = Duration.ofMillis(1500);
    static final Duration SPIN_DOWN = Duration.ofSeconds(3);

    record Violation(String code, String message) {}

    private final List<Zone> zones;
    private final double rpmThreshold;
    private final double currentThreshold;
    private final long[] commandedOnSince;
    private final long[] commandedOffSince;
    private long heaterOffSince;

    OutputVerifier(DeviceProfile profile, List<Zone> zones, long nowNanos) {
        this.zones = zones;
        this.rpmThreshold = threshold(profile.sensor(SensorKind.TACHOMETER));
        this.currentThreshold = threshold(profile.sensor(SensorKind.MOTOR_CURRENT));
        this.commandedOnSince = new long[zones.size()];
        this.commandedOffSince = new long[zones.size()];
        java.util.Arrays.fill(commandedOnSince, Long.MIN_VALUE);
        java.util.Arrays.fill(commandedOffSince, nowNanos);
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
            Optional<Boolean> turning = turning(readings, zone);
            if (turning.isEmpty()) {
                continue;
            }
            if (turning.get() && commandedOffSince[z] != Long.MIN_VALUE
                    && nowNanos - commandedOffSince[z] >= SPIN_DOWN.toNanos()) {
                return Optional.of(new Violation("motor-runs-while-off", "The motor of zone " + zone
                        + " is turning although it has been commanded off for " + SPIN_DOWN.toSeconds() + " s."));
            }
            if (!turning.get() && commandedOnSince[z] != Long.MIN_VALUE
                    && nowNanos - commandedOnSince[z] >= SPIN_UP.toNanos()) {
                return Optional.of(new Violation("motor-not-turning", "The motor of zone " + zone
                        + " is not turning although it has been commanded on for " + SPIN_UP.toMillis() + " ms."));
            }
        }
        if (readings.heaterOn() && heaterOffSince != Long.MIN_VALUE && nowNanos - heaterOffSince >= SPIN_DOWN.toNanos()) {
            return Optional.of(new Violation("heater-on-while-off", "The device reports the heater on although it has"
                    + " been commanded off for " + SPIN_DOWN.toSeconds() + " s."));
        }
        return Optional.empty();
    }

    private Optional<Boolean> turning(Readings readings, String zone) {
        Double rpm = readings.zoneRpm().get(zone);
        if (rpm != null) {
            return Optional.of(rpm > rpmThreshold);
        }
        Double current = readings.zoneCurrentMa().get(zone);
        if (current != null) {
            return Optional.of(current > currentThreshold);
        }
        return Optional.empty();
    }
}
