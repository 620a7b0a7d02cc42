package org.massaged.controller.safety;

import java.util.Optional;
import java.util.OptionalDouble;
import org.massaged.device.profile.Heater;

/**
 * The heating pad's rules (S9): setpoint and trip capped by the code ceilings (41 °C, 43 °C) whatever the
 * profile says, a thermostat with a little hysteresis, "warm enough" to end the warm-up, and the trip. The pad
 * is never heated without a reading from its own sensor.
 */
final class PadHeater {

    static final double HYSTERESIS = 0.5;
    static final double WARM_ENOUGH_BELOW_SETPOINT = 1.0;

    private final Optional<Heater> heater;
    private final double setpoint;
    private final double trip;
    private boolean thermostatOn;

    PadHeater(Optional<Heater> heater) {
        this.heater = heater;
        this.setpoint = heater.map(h -> Math.min(h.setpointCelsius(), Heater.MAX_SETPOINT_CELSIUS)).orElse(0.0);
        this.trip = heater.map(h -> Math.min(h.tripCelsius(), Heater.MAX_TRIP_CELSIUS)).orElse(Heater.MAX_TRIP_CELSIUS);
    }

    boolean present() {
        return heater.isPresent();
    }

    double setpoint() {
        return setpoint;
    }

    long maxWarmUpNanos() {
        return heater.map(h -> h.maxWarmUp().toNanos()).orElse(0L);
    }

    OptionalDouble padTemperature(Readings readings) {
        if (heater.isEmpty() || readings == null) {
            return OptionalDouble.empty();
        }
        return readings.temperature(heater.get().sensor());
    }

    boolean warm(Readings readings) {
        OptionalDouble pad = padTemperature(readings);
        return pad.isPresent() && pad.getAsDouble() >= setpoint - WARM_ENOUGH_BELOW_SETPOINT;
    }

    /** The sentence of a trip, when the pad is at or above it. */
    Optional<String> tripped(Readings readings) {
        OptionalDouble pad = padTemperature(readings);
        if (pad.isPresent() && pad.getAsDouble() >= trip) {
            return Optional.of("The heating pad reads " + pad.getAsDouble() + " °C, at or above the trip of " + trip
                    + " °C.");
        }
        return Optional.empty();
    }

    /** Whether the pad is heated this tick, when the session {@code wants} heat now: the thermostat decides. */
    boolean output(boolean wants, Readings readings) {
        OptionalDouble pad = padTemperature(readings);
        if (!wants || pad.isEmpty()) {
            thermostatOn = false;
            return false;
        }
        double temperature = pad.getAsDouble();
        if (temperature >= setpoint) {
            thermostatOn = false;
        } else if (temperature <= setpoint - HYSTERESIS) {
            thermostatOn = true;
        }
        return thermostatOn;
    }
}
