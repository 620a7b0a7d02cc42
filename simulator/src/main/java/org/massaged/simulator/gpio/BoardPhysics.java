package org.massaged.simulator.gpio;

/**
 * What the virtual board needs from a physics model: the motor's speed under the PWM the adapter drives. Kept
 * this small so the board can run on the serial simulator's model (org.massaged.simulator.physics) through a
 * thin adapter, or on {@link SimpleMotor} until then.
 */
public interface BoardPhysics {

    /**
     * Advances the model to {@code nowNanos}, with these outputs held since the previous call.
     *
     * @param drive    the motor driver's effective drive, 0..1: the PWM duty while the enable is on, else 0
     * @param heaterOn the heater relay
     */
    void advance(long nowNanos, double drive, boolean heaterOn);

    /** The motor's speed now, revolutions per minute. */
    double motorRpm();
}
