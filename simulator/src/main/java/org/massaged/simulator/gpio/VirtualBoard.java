package org.massaged.simulator.gpio;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.massaged.controller.hardware.HousekeepingThread;
import org.massaged.controller.hardware.gpio.ContextSource;
import org.massaged.controller.hardware.gpio.GpioDevice;
import org.massaged.controller.hardware.gpio.Housekeeping;
import org.massaged.controller.hardware.gpio.InputRole;
import org.massaged.controller.hardware.gpio.MockWiring;
import org.massaged.device.profile.DeviceProfile;
import org.massaged.device.profile.GpioTransport;
import org.massaged.device.profile.Zone;
import org.massaged.simulator.physics.MassagerPhysics;
import org.massaged.simulator.physics.PhysicsInputs;

/**
 * A Raspberry Pi with the chair wired to it, on Pi4J's mock platform: the GPIO adapter runs unchanged on the
 * board's {@link #context()}, and whoever holds the board presses buttons, cuts the emergency-stop wire, sits
 * down, and reads what the pins do (PWM duty, enable, heater). The serial simulator's physics
 * ({@link MassagerPhysics}) turns the motor under what the driver passes on (the PWM while the enable is on), and
 * the board feeds the motor's tachometer pulses back, so output verification sees a real motor. Physical
 * faults (a jammed motor, a welded relay) are set on {@link #physics()}.
 *
 * <p>{@link #start(DeviceProfile)} runs the board in real time on its own thread (for {@code run --simulate});
 * {@link #manual} leaves the stepping to the caller, in virtual time.
 */
public final class VirtualBoard implements AutoCloseable {

    public static final Duration REAL_TIME_STEP = Duration.ofMillis(1);


    private final DeviceProfile profile;
    private final GpioTransport transport;
    private final MassagerPhysics physics;
    private final Zone motorZone;
    private final LongSupplier nanoTime;
    private final MockWiring wiring;
    private HousekeepingThread stepper;
    private double revolutions;
    private long pulsesSent;
    private long lastStepNanos = Long.MIN_VALUE;

    private VirtualBoard(DeviceProfile profile, MassagerPhysics physics, LongSupplier nanoTime) {
        if (!(profile.transport() instanceof GpioTransport gpio)) {
            throw new IllegalArgumentException("Profile " + profile.id()
                    + " does not use the gpio transport; the virtual board simulates GPIO profiles only");
        }
        this.profile = profile;
        this.transport = gpio;
        this.physics = physics;
        this.nanoTime = nanoTime;
        List<Zone> motors = profile.zones().stream().filter(zone -> !zone.overSpine()).toList();
        if (motors.size() != 1) {
            throw new IllegalArgumentException("Profile " + profile.id() + " has " + motors.size()
                    + " motor zones; a GPIO board drives exactly one");
        }
        this.motorZone = motors.get(0);
        this.wiring = new MockWiring(gpio);
        // Someone sits on the chair unless a test says otherwise, as in the serial simulator.
        wiring.contact(InputRole.OCCUPANCY).ifPresent(seat -> wiring.set(InputRole.OCCUPANCY, physics.occupied()));
        wiring.newContext();
    }

    /** A board in real time: the physics steps every millisecond on the board's own thread. */
    public static VirtualBoard start(DeviceProfile profile) {
        return start(profile, MassagerPhysics.forProfile(profile));
    }

    public static VirtualBoard start(DeviceProfile profile, MassagerPhysics physics) {
        VirtualBoard board = new VirtualBoard(profile, physics, System::nanoTime);
        board.stepper = HousekeepingThread.start("massaged-virtual-board");
        board.stepper.every(REAL_TIME_STEP, board::step);
        return board;
    }

    /** A board that moves only when {@link #step()} is called, on the caller's clock. */
    public static VirtualBoard manual(DeviceProfile profile, MassagerPhysics physics, LongSupplier nanoTime) {
        return new VirtualBoard(profile, physics, nanoTime);
    }

    /** The Pi4J context the GPIO adapter should use: this board's pins. */
    public Context context() {
        return wiring.context();
    }

    /** Hands the board's context to the adapter; the board, not the adapter, shuts it down. */
    public ContextSource contextSource() {
        return new ContextSource() {
            @Override
            public Context acquire() {
                return wiring.context();
            }

            @Override
            public void release(Context released) {
                // The adapter has shut its own lines down; the board's context lives as long as the board.
            }
        };
    }

    /** The GPIO adapter wired to this board as the daemon would run it (system clock, live housekeeping). */
    public GpioDevice device() {
        return new GpioDevice(profile, contextSource(), nanoTime, Housekeeping.every(GpioDevice.HOUSEKEEPING_PERIOD));
    }

    // --- what a person does to the chair ---------------------------------------------------------------

    public void press(InputRole role) {
        set(role, true);
    }

    public void release(InputRole role) {
        set(role, false);
    }

    public void cutEmergencyStopWire() {
        set(InputRole.EMERGENCY_STOP, true);
    }

    public void mendEmergencyStopWire() {
        set(InputRole.EMERGENCY_STOP, false);
    }

    public void sitDown() {
        physics.occupied(true);
        set(InputRole.OCCUPANCY, true);
    }

    public void standUp() {
        physics.occupied(false);
        set(InputRole.OCCUPANCY, false);
    }

    // --- what a meter on the pins shows ----------------------------------------------------------------

    /** The PWM duty cycle on the motor pin, per cent (0 when the channel is off or not opened). */
    public double pwmDutyPercent() {
        return wiring.pwmDutyPercent();
    }

    public boolean motorEnabled() {
        return wiring.motorEnabled();
    }

    public boolean heaterOn() {
        return wiring.heaterOn();
    }

    /** What the motor driver passes on: the duty while enabled, else nothing. */
    public double motorDrive() {
        return motorEnabled() ? pwmDutyPercent() / 100.0 : 0.0;
    }

    /** The drive as hardware steps of the motor's zone, what the physics model is given. */
    public int motorSteps() {
        return (int) Math.round(motorDrive() * motorZone.actuator().steps());
    }

    public double motorRpm() {
        return physics.rpm(motorZone.id());
    }

    public long tachometerPulses() {
        return pulsesSent;
    }

    public MassagerPhysics physics() {
        return physics;
    }

    // --- time ------------------------------------------------------------------------------------------

    /** Moves the physics to the clock's now under the current outputs, and sends the tachometer's pulses. */
    public synchronized void step() {
        long now = nanoTime.getAsLong();
        double rpmBefore = motorRpm();
        if (lastStepNanos != Long.MIN_VALUE && now - lastStepNanos > 0) {
            physics.step(Duration.ofNanos(now - lastStepNanos),
                    new PhysicsInputs(Map.of(motorZone.id(), motorSteps()), heaterOn()));
        }
        long previous = lastStepNanos;
        lastStepNanos = now;
        transport.inputs().tachometer().ifPresent(tach -> pulse(tach, rpmBefore, previous, now));
    }

    @Override
    public void close() {
        if (stepper != null) {
            stepper.close();
        }
        wiring.context().shutdown();
    }

    private void pulse(GpioTransport.Tachometer tach, double rpmBefore, long previous, long now) {
        if (previous != Long.MIN_VALUE) {
            double seconds = (now - previous) / 1e9;
            revolutions += (rpmBefore + motorRpm()) / 2 / 60 * seconds;
        }
        long owed = (long) Math.floor(revolutions * tach.pulsesPerRevolution());
        while (pulsesSent < owed) {
            wiring.tachometerPulse();
            pulsesSent++;
        }
    }

    private void set(InputRole role, boolean pressed) {
        if (wiring.contact(role).isEmpty()) {
            throw new IllegalArgumentException("Profile " + profile.id() + " wires no " + role.wireName() + " input");
        }
        wiring.set(role, pressed);
    }
}
