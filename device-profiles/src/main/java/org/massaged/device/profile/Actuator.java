package org.massaged.device.profile;

import java.time.Duration;
import java.util.Optional;

/**
 * An oscillating motor. User-facing intensity is counted in {@code levels} (1..levels); the wire and the
 * PWM see hardware {@code steps} (0..steps), where level L maps to L/levels of the step range.
 *
 * @param steps                    hardware resolution: the largest value on the wire
 * @param levels                   number of user levels; level {@code levels} is full scale
 * @param defaultLevel             the low-pressure level every session starts at
 * @param homeMax                  highest level without {@code allowHighIntensity} in the local config
 * @param hardMax                  highest level ever
 * @param offBelow                 hardware steps below which the motor stalls, so 0 is sent instead
 * @param kickStart                a short burst to get a stopped motor turning, if the motor needs one
 * @param rampUpLevelsPerSecond    fastest rise of the level
 * @param rampDownLevelsPerSecond  fastest fall of the level in a normal stop
 * @param shutdownValue            hardware steps written on every stop, start-up and shutdown (normally 0)
 * @param lease                    how long a non-zero setpoint stays valid without renewal (≤ 1000 ms)
 * @param fullSpeedRpm             the motor's nominal speed at full drive ({@code steps})
 * @param spinDown                 how long the motor takes to coast from full speed to below 10 % of it once
 *                                 its drive is cut (its inertia, measured); a motor commanded off is judged
 *                                 stuck only after this
 */
public record Actuator(
        ActuatorType type,
        int steps,
        int levels,
        int defaultLevel,
        int homeMax,
        int hardMax,
        int offBelow,
        Optional<KickStart> kickStart,
        double rampUpLevelsPerSecond,
        double rampDownLevelsPerSecond,
        int shutdownValue,
        Duration lease,
        int fullSpeedRpm,
        Duration spinDown) {

    public enum ActuatorType { OSCILLATE }

    public record KickStart(int steps, Duration duration) {}

    /** Hardware steps for a (possibly fractional) level, with {@code offBelow} applied. */
    public int stepsFor(double level) {
        if (level <= 0) {
            return 0;
        }
        int value = (int) Math.round(Math.min(level, levels) / levels * steps);
        return value < offBelow ? 0 : value;
    }

    /**
     * Below this speed a motor commanded off counts as stopped (10 % of full speed, where {@code spinDown} ends);
     * one commanded off for longer than {@code spinDown} that turns faster is stuck.
     */
    public int stuckRpm() {
        return fullSpeedRpm / 10;
    }

    /**
     * A motor driven at {@code offBelow} or more that turns slower than this is stalled: 20 % of what a healthy
     * motor turns at {@code offBelow} (at least 1 rpm).
     */
    public int stallRpm() {
        return (int) Math.max(1, (long) fullSpeedRpm * offBelow / steps / 5);
    }

    /** The lowest (fractional) level whose steps reach {@code offBelow}, i.e. that turns the motor at all. */
    public double lowestTurningLevel() {
        return offBelow <= 0 ? 0.0 : Math.min(levels, (double) offBelow * levels / steps);
    }
}
