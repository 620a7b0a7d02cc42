package org.massaged.simulator.physics;

import java.time.Duration;

/**
 * Constants of the physical model: a small DC motor with an eccentric mass per zone, a heating pad, and the
 * skin under it.
 *
 * @param maxRpm              motor speed at full steps
 * @param motorTimeConstant   first-order lag of the motor (inertia); 1 s keeps a full-scale step under the
 *                            3000 rpm/s a shipped profile's tachometer accepts as plausible
 * @param idleCurrentMa       current of a turning motor without load
 * @param fullCurrentMa       current at full speed
 * @param stallCurrentMa      current of a driven motor that cannot turn
 * @param ambientCelsius      room and starting temperature of pad and skin
 * @param heaterRiseKelvin    how far above ambient a pad always on would settle
 * @param padTimeConstant     thermal time constant of the pad
 * @param skinTimeConstant    how fast the skin follows the pad while someone sits on it
 * @param bodyCelsius         skin temperature of a person
 */
public record PhysicsParameters(double maxRpm, Duration motorTimeConstant, double idleCurrentMa,
                                double fullCurrentMa, double stallCurrentMa, double ambientCelsius,
                                double heaterRiseKelvin, Duration padTimeConstant,
                                Duration skinTimeConstant, double bodyCelsius) {

    public static PhysicsParameters defaults() {
        return new PhysicsParameters(3000, Duration.ofMillis(1000), 80, 900, 2500, 22.0, 30.0,
                Duration.ofSeconds(60), Duration.ofSeconds(30), 33.0);
    }
}
