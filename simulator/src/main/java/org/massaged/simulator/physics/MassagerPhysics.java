package org.massaged.simulator.physics;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.Zone;

/**
 * The physical massager, independent of how it is driven (serial microcontroller or GPIO): motor inertia
 * and current, heating pad and skin temperature, seat occupancy. Advance it with {@link #step}; read what a
 * sensor would see. Physical failures (a stalled motor, a welded relay, a heater stuck on) are set here,
 * because they are properties of the hardware, not of any protocol.
 *
 * <p>Thread-safe (every method holds the instance lock), so a test may read it while a simulator steps it.
 */
public final class MassagerPhysics {

    private final PhysicsParameters parameters;
    private final Map<String, Integer> maxSteps = new LinkedHashMap<>();
    private final Map<String, Double> rpm = new HashMap<>();
    private final Map<String, Double> currentMa = new HashMap<>();
    private final Set<String> stalled = new HashSet<>();
    private final Map<String, Integer> weldedSteps = new HashMap<>();
    private boolean heaterStuckOn;
    private boolean heaterElementOn;
    private double padCelsius;
    private double skinCelsius;
    private double padOffsetCelsius;
    private Double padReadingStuckAt;
    private boolean occupied = true;
    private Duration elapsed = Duration.ZERO;

    public MassagerPhysics(Map<String, Integer> zoneMaxSteps, PhysicsParameters parameters) {
        this.parameters = parameters;
        this.maxSteps.putAll(zoneMaxSteps);
        zoneMaxSteps.keySet().forEach(zone -> {
            rpm.put(zone, 0.0);
            currentMa.put(zone, 0.0);
        });
        padCelsius = (parameters.ambientCelsius() * 2 + parameters.bodyCelsius()) / 3;
        skinCelsius = parameters.bodyCelsius();
    }

    public static MassagerPhysics forProfile(DeviceProfile profile) {
        return forProfile(profile, PhysicsParameters.defaults());
    }

    public static MassagerPhysics forProfile(DeviceProfile profile, PhysicsParameters parameters) {
        Map<String, Integer> steps = new LinkedHashMap<>();
        for (Zone zone : profile.zones()) {
            steps.put(zone.id(), zone.actuator().steps());
        }
        return new MassagerPhysics(steps, parameters);
    }

    /** Advances the model by {@code dt} with the given drive. */
    public synchronized void step(Duration dt, PhysicsInputs inputs) {
        double seconds = dt.toNanos() / 1e9;
        if (seconds <= 0) {
            return;
        }
        elapsed = elapsed.plus(dt);
        for (String zone : maxSteps.keySet()) {
            stepMotor(zone, effectiveSteps(zone, inputs), seconds);
        }
        heaterElementOn = inputs.heaterOn() || heaterStuckOn;
        stepHeat(seconds);
    }

    /** The steps the motor really gets: a welded relay drives it whatever the command says. */
    public synchronized int effectiveSteps(String zone, PhysicsInputs inputs) {
        int commanded = inputs.steps(zone);
        return Math.max(commanded, weldedSteps.getOrDefault(zone, 0));
    }

    /**
     * How long until the motor of {@code zone}, driven as {@code inputs} say from now on, turns slower than
     * {@code rpm}: 0 if it already does, {@link Long#MAX_VALUE} if it never will (its speed heads for {@code rpm} or
     * above). Exact for the first-order lag {@link #step} follows, so a board can sleep until then.
     */
    public synchronized long nanosUntilSlowerThan(String zone, double rpm, PhysicsInputs inputs) {
        double speed = rpm(zone);
        double target = targetRpm(zone, effectiveSteps(zone, inputs));
        if (speed < rpm) {
            return 0;
        }
        return target >= rpm ? Long.MAX_VALUE : lagTime((speed - target) / (rpm - target));
    }

    /** Like {@link #nanosUntilSlowerThan}, for turning faster than {@code rpm}. */
    public synchronized long nanosUntilFasterThan(String zone, double rpm, PhysicsInputs inputs) {
        double speed = rpm(zone);
        double target = targetRpm(zone, effectiveSteps(zone, inputs));
        if (speed > rpm) {
            return 0;
        }
        return target <= rpm ? Long.MAX_VALUE : lagTime((target - speed) / (target - rpm));
    }

    /** The time the motor's lag takes to shrink its distance to the target by {@code ratio} (≥ 1), rounded up. */
    private long lagTime(double ratio) {
        double nanos = parameters.motorTimeConstant().toNanos() * Math.log(ratio);
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(nanos);
    }

    /** The speed the motor heads for at {@code steps}: none while it is stalled. */
    private double targetRpm(String zone, int steps) {
        return stalled.contains(zone) ? 0 : driveFraction(zone, steps) * parameters.maxRpm();
    }

    private double driveFraction(String zone, int steps) {
        int zoneMaxSteps = maxSteps.get(zone);
        return zoneMaxSteps == 0 ? 0 : Math.min(1.0, steps / (double) zoneMaxSteps);
    }

    private void stepMotor(String zone, int steps, double seconds) {
        double fraction = driveFraction(zone, steps);
        boolean isStalled = stalled.contains(zone);
        double target = targetRpm(zone, steps);
        double tau = parameters.motorTimeConstant().toNanos() / 1e9;
        double alpha = 1 - Math.exp(-seconds / tau);
        double speed = rpm.get(zone) + (target - rpm.get(zone)) * alpha;
        if (Math.abs(speed) < 0.5 && target == 0) {
            speed = 0;
        }
        rpm.put(zone, speed);
        double current;
        if (steps == 0) {
            current = 0;
        } else if (isStalled) {
            current = parameters.stallCurrentMa() * fraction + parameters.idleCurrentMa();
        } else {
            double speedFraction = speed / parameters.maxRpm();
            double acceleration = Math.max(0, target - speed) / parameters.maxRpm();
            current = parameters.idleCurrentMa()
                    + (parameters.fullCurrentMa() - parameters.idleCurrentMa()) * speedFraction
                    + parameters.stallCurrentMa() * acceleration * 0.5;
        }
        currentMa.put(zone, current);
    }

    private void stepHeat(double seconds) {
        double ambient = parameters.ambientCelsius();
        double equilibrium = heaterElementOn ? ambient + parameters.heaterRiseKelvin() : ambient;
        if (occupied) {
            equilibrium = (equilibrium * 2 + parameters.bodyCelsius()) / 3;
        }
        double padTau = parameters.padTimeConstant().toNanos() / 1e9;
        padCelsius += (equilibrium - padCelsius) * (1 - Math.exp(-seconds / padTau));
        double skinTarget = occupied ? Math.max(parameters.bodyCelsius(), padCelsius) : ambient;
        double skinTau = parameters.skinTimeConstant().toNanos() / 1e9;
        skinCelsius += (skinTarget - skinCelsius) * (1 - Math.exp(-seconds / skinTau));
    }

    public PhysicsParameters parameters() {
        return parameters;
    }

    public synchronized List<String> zones() {
        return List.copyOf(maxSteps.keySet());
    }

    public synchronized double rpm(String zone) {
        return rpm.getOrDefault(zone, 0.0);
    }

    public synchronized double currentMa(String zone) {
        return currentMa.getOrDefault(zone, 0.0);
    }

    /** The pad temperature as its sensor reads it (including an injected sensor offset, or a stuck reading). */
    public synchronized double padCelsius() {
        return padReadingStuckAt != null ? padReadingStuckAt : padCelsius + padOffsetCelsius;
    }

    public synchronized double skinCelsius() {
        return skinCelsius;
    }

    public synchronized boolean heaterElementOn() {
        return heaterElementOn;
    }

    public synchronized boolean occupied() {
        return occupied;
    }

    public synchronized Duration elapsed() {
        return elapsed;
    }

    public synchronized void occupied(boolean occupied) {
        this.occupied = occupied;
    }

    /** A jammed motor: driven, it draws stall current and does not turn. */
    public synchronized void stall(String zone, boolean jammed) {
        requireZone(zone);
        if (jammed) {
            stalled.add(zone);
        } else {
            stalled.remove(zone);
        }
    }

    /** A welded motor relay: the motor turns at {@code steps} whatever is commanded (0 mends it). */
    public synchronized void weldRelay(String zone, int steps) {
        requireZone(zone);
        weldedSteps.put(zone, steps);
    }

    /** A heater relay stuck closed: the element heats from now on, whatever is commanded. */
    public synchronized void heaterStuckOn(boolean stuck) {
        this.heaterStuckOn = stuck;
        heaterElementOn |= stuck;
    }

    /** Shifts what the pad sensor reads (over-temperature without waiting for real heat). */
    public synchronized void padSensorOffset(double kelvin) {
        this.padOffsetCelsius = kelvin;
    }

    /** A pad sensor that keeps reading what it reads now, whatever the pad does (off: it follows the pad again). */
    public synchronized void padSensorStuck(boolean stuck) {
        padReadingStuckAt = stuck ? padCelsius() : null;
    }

    /** Sets the pad temperature directly (tests, scenarios). */
    public synchronized void padCelsius(double celsius) {
        this.padCelsius = celsius;
    }

    private void requireZone(String zone) {
        if (!maxSteps.containsKey(zone)) {
            throw new IllegalArgumentException("no zone '" + zone + "'; zones are " + maxSteps.keySet());
        }
    }
}
