package org.massaged.device.profile;

import java.time.Duration;

/**
 * A heating pad. The setpoint is at most 41 °C and the software trip at most 43 °C (S9); those ceilings
 * are in code, a profile may only lower them.
 *
 * @param sensor      id of the temperature sensor (in {@link DeviceProfile#sensors()}) that watches the pad
 * @param maxWarmUp   longest pre-warm phase before the motors start
 */
public record Heater(double setpointCelsius, double tripCelsius, String sensor, Duration maxWarmUp) {
    public static final double MAX_SETPOINT_CELSIUS = 41.0;
    public static final double MAX_TRIP_CELSIUS = 43.0;
}
