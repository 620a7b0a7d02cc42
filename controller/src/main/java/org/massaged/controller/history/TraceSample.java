package org.massaged.controller.history;

import java.util.Map;

/**
 * One point of a session's trace, about once a second: each zone's level as the engine drove it, each motor's
 * measured speed (when the device has a tachometer) and each temperature sensor.
 *
 * <p>The daily vibration dose (issue 15, A(8)) plugs in here: a profile's acceleration per level turns each
 * sample's zone levels into a(t), and the samples' spacing {@code at} gives the exposure times tᵢ.
 *
 * @param at           seconds since the session started (monotonic, pauses included)
 * @param levels       zone id to level
 * @param rpm          zone id to measured motor speed (rev/min); empty without a tachometer
 * @param temperatures sensor id to °C
 */
public record TraceSample(double at, Map<String, Double> levels, Map<String, Double> rpm,
                          Map<String, Double> temperatures) {
    public TraceSample {
        levels = Map.copyOf(levels);
        rpm = Map.copyOf(rpm);
        temperatures = Map.copyOf(temperatures);
    }
}
