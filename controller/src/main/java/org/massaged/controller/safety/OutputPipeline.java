package org.massaged.controller.safety;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;

/**
 * Every output passes the same pipeline on every tick: the program's waveform per zone, scaled to the session's
 * level, clamped to the ceiling, shaped by the soft-start or ramp-down envelope, and finally through a rate limiter
 * at the actuator's ramp rates: rises at {@code rampUpLevelsPerSecond} (S2), falls while playing at
 * {@code rampDownLevelsPerSecond} (so that step changes are gentle and a motor's coasting stays plausible). Safety
 * drops bypass the limiter: {@link #zero} cuts the outputs on the very next tick (S4), {@link #cap} lowers them at
 * once. A zone that may not be driven stays at 0 (S8).
 */
final class OutputPipeline {

    private final List<Zone> zones;
    private final boolean[] drivable;
    private final int[] zoneCeiling;
    private final double[] rampUp;
    private final double[] rampDown;
    private final int leaseMillis;
    private final PadHeater heater;
    private final OutputVerifier verifier;
    private final double[] levels;
    private final int[] steps;
    private boolean heaterCommanded;

    OutputPipeline(DeviceProfile profile, boolean allowHighIntensity, PadHeater heater, OutputVerifier verifier) {
        this.zones = profile.zones();
        this.drivable = new boolean[zones.size()];
        this.zoneCeiling = new int[zones.size()];
        this.rampUp = new double[zones.size()];
        this.rampDown = new double[zones.size()];
        int lease = 1000;
        for (int z = 0; z < zones.size(); z++) {
            Zone zone = zones.get(z);
            drivable[z] = profile.drivableZones().contains(zone);
            zoneCeiling[z] = Limits.zoneCeiling(zone.actuator(), allowHighIntensity);
            rampUp[z] = zone.actuator().rampUpLevelsPerSecond();
            rampDown[z] = Math.max(1e-6, zone.actuator().rampDownLevelsPerSecond());
            if (drivable[z] && zone.actuator().lease() != null) {
                lease = (int) Math.min(lease, Math.max(1, zone.actuator().lease().toMillis()));
            }
        }
        this.leaseMillis = lease;
        this.heater = heater;
        this.verifier = verifier;
        this.levels = new double[zones.size()];
        this.steps = new int[zones.size()];
    }

    /**
     * One tick's setpoints in {@code phase}, {@code sincePhaseNanos} after entering it, {@code programNanos} into the
     * program of {@code session} (null when none).
     */
    Setpoints outputs(Phase phase, ActiveSession session, long sincePhaseNanos, long programNanos, double dtSeconds,
                      Readings readings, long now) {
        boolean playing = phase == Phase.STARTING || phase == Phase.RUNNING;
        double envelope = phase == Phase.STARTING
                ? Math.min(1.0, sincePhaseNanos / (double) Math.max(1, session.softStartNanos)) : 1.0;
        double stopFraction = phase == Phase.STOPPING
                ? Math.max(0.0, 1.0 - sincePhaseNanos / (double) Math.max(1, session.stopNanos)) : 0.0;
        boolean driving = playing || phase == Phase.STOPPING;
        Map<String, Integer> zoneSteps = new HashMap<>(zones.size() * 2);
        for (int z = 0; z < zones.size(); z++) {
            double desired = 0.0;
            if (drivable[z] && playing) {
                double level = Math.min(session.effectiveLevel, Math.min(session.ceiling, zoneCeiling[z]));
                desired = envelope * session.runner.level(zones.get(z), z, level, programNanos);
            } else if (drivable[z] && phase == Phase.STOPPING) {
                desired = session.stopFrom[z] * stopFraction;
            }
            levels[z] = desired > levels[z] ? Math.min(desired, levels[z] + rampUp[z] * dtSeconds)
                    : driving ? Math.max(desired, levels[z] - rampDown[z] * dtSeconds) : desired;
            steps[z] = drivable[z] ? zones.get(z).actuator().stepsFor(levels[z]) : 0;
            zoneSteps.put(zones.get(z).id(), steps[z]);
            if (session != null) {
                session.maxLevelReached = Math.max(session.maxLevelReached, levels[z]);
                session.driven = true;
            }
        }
        boolean wantsHeat = session != null && session.heat
                && (phase == Phase.WARMING || phase == Phase.STARTING || phase == Phase.RUNNING);
        heaterCommanded = heater.output(wantsHeat, readings);
        verifier.commanded(steps, heaterCommanded, now);
        boolean anyOn = heaterCommanded;
        for (int value : steps) {
            anyOn |= value > 0;
        }
        return new Setpoints(zoneSteps, heaterCommanded, heaterCommanded ? heater.setpoint() : 0,
                anyOn ? leaseMillis : 0);
    }

    /** Lowers the current output levels at once (the next tick's steps follow); lower is always safe. */
    void cap(double max) {
        for (int z = 0; z < levels.length; z++) {
            levels[z] = Math.min(levels[z], max);
        }
    }

    /** Every output off at once (stop category 0). */
    void zero(long now) {
        Arrays.fill(levels, 0.0);
        Arrays.fill(steps, 0);
        heaterCommanded = false;
        verifier.allOff(now);
    }

    /** The levels now, for a ramp down to start from. */
    double[] levels() {
        return levels.clone();
    }

    /** Time a ramp down from the current levels takes: the slowest zone's, at least 3 s (S3). */
    long rampDownNanos() {
        double longest = 0;
        for (int z = 0; z < zones.size(); z++) {
            longest = Math.max(longest, levels[z] / rampDown[z]);
        }
        return Math.max(Limits.RAMP_DOWN_MIN.toNanos(), (long) (longest * 1e9));
    }

    Map<String, Double> zoneLevels() {
        Map<String, Double> zoneLevels = new HashMap<>();
        for (int z = 0; z < zones.size(); z++) {
            zoneLevels.put(zones.get(z).id(), levels[z]);
        }
        return zoneLevels;
    }

    boolean heaterCommanded() {
        return heaterCommanded;
    }
}
